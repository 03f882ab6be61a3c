using System.Globalization;

namespace HelpBot.Dialogs.Recognition;

/// <summary>One labelled utterance: a line <c>utterance&lt;TAB&gt;intent</c> of train.tsv or eval.tsv.</summary>
public sealed record IntentExample(string Utterance, string Intent)
{
    /// <summary>
    /// Reads header-free <c>utterance&lt;TAB&gt;intent</c> lines. Blank lines and lines starting with # are skipped; a
    /// malformed line or an unknown intent throws with its line number, so a typo in the data is found at once.
    /// </summary>
    public static IReadOnlyList<IntentExample> ReadTsv(TextReader reader, string sourceName)
    {
        var examples = new List<IntentExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }
            var tab = line.LastIndexOf('\t');
            if (tab <= 0)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{sourceName}:{lineNumber}: expected 'utterance<TAB>intent'."));
            }
            var utterance = line[..tab].Trim();
            var intent = line[(tab + 1)..].Trim();
            if (utterance.Length == 0 || !Intents.IsKnown(intent))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{sourceName}:{lineNumber}: '{intent}' is not an intent in Intents.All, or the utterance is empty."));
            }
            examples.Add(new IntentExample(utterance, intent));
        }
        return examples;
    }

    public static IReadOnlyList<IntentExample> ReadTsvFile(string path)
    {
        using var reader = new StreamReader(path);
        return ReadTsv(reader, path);
    }
}
