using System.Buffers.Binary;
using System.IO.Compression;

namespace HelpBot.Bot.Tests.Teams;

/// <summary>Just enough of a PNG reader to check icon pixels: 8-bit RGBA, non-interlaced, every filter type.</summary>
internal static class PngDecoder
{
    public readonly record struct Rgba(byte R, byte G, byte B, byte A);

    public static (int ColorType, IReadOnlyList<Rgba> Pixels) DecodeRgba(byte[] png)
    {
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0)
                {
                    throw new NotSupportedException("only 8-bit, non-interlaced PNGs");
                }
                colorType = data[9];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += length + 12;
        }
        if (colorType != 6)
        {
            return (colorType, []);
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        var raw = inflated.ToArray();
        var stride = width * 4;
        var previous = new byte[stride];
        var pixels = new List<Rgba>(width * height);
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int a = i >= 4 ? line[i - 4] : 0, b = previous[i], c = i >= 4 ? previous[i - 4] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException($"filter {filter}"),
                });
            }
            for (var x = 0; x < width; x++)
            {
                pixels.Add(new Rgba(line[x * 4], line[x * 4 + 1], line[x * 4 + 2], line[x * 4 + 3]));
            }
            previous = line;
        }
        return (colorType, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
