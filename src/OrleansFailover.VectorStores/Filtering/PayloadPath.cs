using System.Globalization;
using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Filtering;

/// <summary>
/// A key path into a payload with Qdrant's semantics: <c>a.b</c> descends into objects,
/// <c>a[]</c> expands an array, <c>a[2]</c> takes one element. A key on a non-object, or an
/// index on a non-array, finds nothing. Arrays at the end of the path are matched element-wise.
/// </summary>
public sealed class PayloadPath
{
    private readonly Step[] _steps;

    private PayloadPath(string text, Step[] steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    public static PayloadPath Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw VectorStoreException.InvalidArgument("A filter key must not be empty.");
        }

        var steps = new List<Step>();
        foreach (var segment in text.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var key = bracket < 0 ? segment : segment[..bracket];
            if (key.Length == 0)
            {
                throw VectorStoreException.InvalidArgument($"Filter key '{text}' has an empty part.");
            }

            steps.Add(Step.Key(key));
            var rest = bracket < 0 ? string.Empty : segment[bracket..];
            while (rest.Length > 0)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (rest[0] != '[' || close < 0)
                {
                    throw VectorStoreException.InvalidArgument($"Filter key '{text}' has a malformed '[...]'.");
                }

                var inside = rest[1..close];
                if (inside.Length == 0)
                {
                    steps.Add(Step.AllElements);
                }
                else if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(Step.Element(index));
                }
                else
                {
                    throw VectorStoreException.InvalidArgument($"Filter key '{text}' has a bad array index '{inside}'.");
                }

                rest = rest[(close + 1)..];
            }
        }

        return new PayloadPath(text, steps.ToArray());
    }

    /// <summary>Adds the values the path reaches to <paramref name="values"/>, leaf arrays expanded.</summary>
    public void Collect(IReadOnlyDictionary<string, PayloadValue> payload, List<PayloadValue> values)
    {
        var first = _steps[0];
        if (payload.TryGetValue(first.Name!, out var value))
        {
            Walk(value, 1, values);
        }
    }

    private void Walk(PayloadValue value, int stepIndex, List<PayloadValue> values)
    {
        if (stepIndex == _steps.Length)
        {
            if (value.Kind == PayloadKind.Array)
            {
                values.AddRange(value.AsArray);
            }
            else
            {
                values.Add(value);
            }

            return;
        }

        var step = _steps[stepIndex];
        switch (step.Kind)
        {
            case StepKind.Key when value.Kind == PayloadKind.Object:
                if (value.AsObject.TryGetValue(step.Name!, out var child))
                {
                    Walk(child, stepIndex + 1, values);
                }

                break;
            case StepKind.AllElements when value.Kind == PayloadKind.Array:
                foreach (var item in value.AsArray)
                {
                    Walk(item, stepIndex + 1, values);
                }

                break;
            case StepKind.Element when value.Kind == PayloadKind.Array:
                if (step.Index < value.AsArray.Count)
                {
                    Walk(value.AsArray[step.Index], stepIndex + 1, values);
                }

                break;
        }
    }

    private enum StepKind
    {
        Key,
        AllElements,
        Element,
    }

    private readonly record struct Step(StepKind Kind, string? Name, int Index)
    {
        public static readonly Step AllElements = new(StepKind.AllElements, null, 0);

        public static Step Key(string name) => new(StepKind.Key, name, 0);

        public static Step Element(int index) => new(StepKind.Element, null, index);
    }
}
