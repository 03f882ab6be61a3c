namespace HelpBot.Bench;

/// <summary>Order statistics and the two-sample Kolmogorov–Smirnov test, on latencies in milliseconds.</summary>
public static class Stats
{
    /// <summary>The p-th percentile (0–100) of an ascending sample, linearly interpolated between closest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = p / 100.0 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>The median of the values (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// The two-sample KS statistic D (the largest gap between the two empirical distribution functions) and its
    /// asymptotic p-value, Q_KS((√Ne + 0.12 + 0.11/√Ne)·D) with Ne = nm/(n+m) (Numerical Recipes, 14.3).
    /// </summary>
    public static (double D, double P) KolmogorovSmirnov(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            return (double.NaN, double.NaN);
        }
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v)
            {
                i++;
            }

            while (j < y.Length && y[j] <= v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        var ne = (double)x.Length * y.Length / (x.Length + y.Length);
        var sqrtNe = Math.Sqrt(ne);
        return (d, Qks((sqrtNe + 0.12 + 0.11 / sqrtNe) * d));
    }

    /// <summary>The Kolmogorov distribution's survival function: 2 Σ (−1)^(k−1) e^(−2k²λ²).</summary>
    private static double Qks(double lambda)
    {
        if (lambda < 1e-3)
        {
            return 1.0;
        }
        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12)
            {
                return Math.Clamp(2 * sum, 0, 1);
            }
            sign = -sign;
        }
        return 1.0; // did not converge: only for tiny lambda, where the answer is 1
    }
}
