using System.ComponentModel.DataAnnotations;

namespace HelpBot.Bot.Accounts;

/// <summary>Section <c>Directory</c>: which account directory HelpBot uses (docs/architecture.md, decision 7).</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary><c>Embedded</c> (default: the demo cast in the LiteDB file) or <c>Ldap</c> (OpenLDAP or Active Directory, section <c>Directory:Ldap</c>).</summary>
    [Required]
    public string Provider { get; set; } = "Embedded";

    /// <summary>How long a password lives after it is set (the password policy's maximum age).</summary>
    public int MaxPasswordAgeDays { get; set; } = 180;
}
