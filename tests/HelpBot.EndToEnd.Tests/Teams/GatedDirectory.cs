using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.EndToEnd.Tests.Teams;

/// <summary>
/// A slow directory at the port boundary: while the gate is closed every call waits (and says so through
/// <see cref="Entered"/>) until the test opens it. Lets a test order events without timing anything.
/// </summary>
public sealed class DirectoryGate
{
    private readonly object _lock = new();
    private TaskCompletionSource _open = Opened();
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a directory call is waiting at the closed gate.</summary>
    public Task Entered
    {
        get
        {
            lock (_lock)
            {
                return _entered.Task;
            }
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    internal Task PassAsync(CancellationToken cancellationToken)
    {
        Task open;
        lock (_lock)
        {
            open = _open.Task;
            if (!open.IsCompleted)
            {
                _entered.TrySetResult();
            }
        }
        return open.WaitAsync(cancellationToken);
    }

    /// <summary>Puts the gate in front of the host's registered directory.</summary>
    public void Install(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAccountDirectory));
        services.Remove(registered);
        services.AddSingleton<IAccountDirectory>(sp => new GatedDirectory(Resolve(registered, sp), this));
    }

    private static IAccountDirectory Resolve(ServiceDescriptor registered, IServiceProvider sp) =>
        (IAccountDirectory)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!));

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private sealed class GatedDirectory(IAccountDirectory inner, DirectoryGate gate) : IAccountDirectory
    {
        public async Task<Account?> FindAsync(string usernameOrEmail, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            return await inner.FindAsync(usernameOrEmail, cancellationToken);
        }

        public async Task<Account?> FindByHuidAsync(string huid, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            return await inner.FindByHuidAsync(huid, cancellationToken);
        }

        public async Task<Account?> FindByTeamsIdentityAsync(string? aadObjectId, string? userPrincipalName, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            return await inner.FindByTeamsIdentityAsync(aadObjectId, userPrincipalName, cancellationToken);
        }

        public async Task UnlockAsync(string username, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            await inner.UnlockAsync(username, cancellationToken);
        }

        public async Task SetPasswordAsync(string username, string newPassword, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            await inner.SetPasswordAsync(username, newPassword, cancellationToken);
        }

        public async Task<bool> CheckPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            return await inner.CheckPasswordAsync(username, password, cancellationToken);
        }
    }
}
