using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HelpBot.Bot.Tests.DirectLine;
using HelpBot.LocalServers;

namespace HelpBot.Bot.Tests;

/// <summary>
/// HelpBot as its own operating-system process (the HelpBot.dll built beside the tests), on 127.0.0.1 at a free port,
/// with its own data folder: what an instance behind a load balancer is, so it can be killed like one (SIGKILL, no
/// clean stop). Its output is kept for a failing test's message; the process is killed on Dispose.
/// </summary>
public sealed class HelpBotProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly bool _ownsFolder;
    private readonly HttpClient _http;

    private HelpBotProcess(Process process, Uri address, string data, bool ownsFolder)
    {
        _process = process;
        BaseAddress = address;
        DataFolder = data;
        _ownsFolder = ownsFolder;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public string DataFolder { get; }

    /// <summary>Where this instance writes the texts and e-mails it sends (the demo outbox).</summary>
    public string OutboxPath => Path.Combine(DataFolder, "outbox.jsonl");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(60));
            }
        }
    }

    /// <summary>
    /// Starts an instance with <paramref name="settings"/> and waits until it is ready. Its data (LiteDB file, keys,
    /// outbox) goes in <paramref name="dataFolder"/> when given (kept on Dispose, for a restart), else in a new temporary
    /// folder deleted on Dispose.
    /// </summary>
    public static async Task<HelpBotProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string? dataFolder = null)
    {
        var data = dataFolder ?? Directory.CreateTempSubdirectory("helpbot-instance-").FullName;
        var port = ExternalProcess.FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        string[] args =
        [
            "exec", Path.Combine(AppContext.BaseDirectory, "HelpBot.dll"),
            "--urls", address.ToString().TrimEnd('/'), "--environment", "Testing",
            "--Storage:Path", Path.Combine(data, "helpbot.db"), "--Messaging:OutboxPath", Path.Combine(data, "outbox.jsonl"),
        ];
        foreach (var arg in args.Concat(settings.SelectMany(s => new[] { $"--{s.Key}", s.Value ?? "" })))
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start HelpBot.");
        var instance = new HelpBotProcess(process, address, data, ownsFolder: dataFolder is null);
        process.OutputDataReceived += (_, e) => instance.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                instance.Dispose();
                throw new InvalidOperationException($"HelpBot exited before it was ready:\n{instance.Output}");
            }
            try
            {
                using var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return instance;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                instance.Dispose();
                throw new TimeoutException($"HelpBot was not ready within 90 s:\n{instance.Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>kill -9: the process ends at once, in the middle of whatever it was doing, with no clean stop.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>A Web Chat token from this instance's token endpoint: (token, user id).</summary>
    public async Task<(string Token, string UserId)> MintWebChatTokenAsync()
    {
        var token = await SendAsync(HttpMethod.Post, "/api/webchat/token", bearer: null);
        return ((string)token["token"]!, (string)token["userId"]!);
    }

    /// <summary>A user's message POSTed through this instance's Direct Line; returns the id it was given.</summary>
    public async Task<string> PostMessageAsync(string conversation, string bearer, string user, string text)
    {
        var message = DirectLineHost.Message(text);
        message["from"] = new JsonObject { ["id"] = user, ["role"] = "user" };
        var body = await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities", bearer, message.ToJsonString());
        return (string)body["id"]!;
    }

    /// <summary>A request to this instance, asserted to succeed (the instance's recent output in the message if not).</summary>
    public async Task<JsonObject> SendAsync(HttpMethod method, string path, string? bearer, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} on {BaseAddress} answered {(int)response.StatusCode}: {text}\n{Output}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        _http.Dispose();
        if (!_ownsFolder)
        {
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing: the temporary folder is left behind.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
    }
}
