using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OnnxInvert.Imaging;

/// <summary>
/// Parses the Python-literal dictionary of an NPY header, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>. Only the literal forms NumPy writes are
/// accepted: quoted strings, True/False, tuples of non-negative integers (an old trailing L is tolerated), and a list
/// for descr, which marks a structured dtype and is rejected.
/// </summary>
internal ref struct NpyHeaderParser
{
    private readonly string _name;
    private readonly ReadOnlySpan<char> _text;
    private int _pos;

    private NpyHeaderParser(string name, ReadOnlySpan<char> text)
    {
        _name = name;
        _text = text;
        _pos = 0;
    }

    public static NpyHeader Parse(string name, ReadOnlySpan<char> text)
    {
        var parser = new NpyHeaderParser(name, text);
        return parser.ParseDictionary();
    }

    private NpyHeader ParseDictionary()
    {
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;

        Expect('{');
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                break;
            }

            string key = ParseString();
            Expect(':');
            SkipWhitespace();
            if ((key == "descr" && descr is not null) || (key == "fortran_order" && fortran is not null) || (key == "shape" && shape is not null))
            {
                Fail($"the key '{key}' appears twice in the header");
            }

            switch (key)
            {
                case "descr":
                    if (Peek() == '[')
                    {
                        Fail("structured dtypes (a list descr) are not supported");
                    }

                    descr = ParseString();
                    break;
                case "fortran_order":
                    fortran = ParseBool();
                    break;
                case "shape":
                    shape = ParseShape();
                    break;
                default:
                    Fail($"unexpected key '{key}' in the header; NPY headers have exactly descr, fortran_order and shape");
                    break;
            }

            SkipWhitespace();
            if (!TryConsume(','))
            {
                Expect('}');
                break;
            }
        }

        SkipWhitespace();
        if (_pos != _text.Length)
        {
            Fail("unexpected text after the header dictionary");
        }

        if (descr is null || fortran is null || shape is null)
        {
            Fail("the header lacks one of the keys descr, fortran_order, shape");
        }

        return new NpyHeader(descr, fortran.Value, shape);
    }

    private string ParseString()
    {
        SkipWhitespace();
        char quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            Fail($"expected a quoted string at header offset {_pos}");
        }

        int start = ++_pos;
        int end = _text[start..].IndexOf(quote);
        if (end < 0)
        {
            Fail("unterminated string in the header");
        }

        _pos = start + end + 1;
        return _text.Slice(start, end).ToString();
    }

    private bool ParseBool()
    {
        if (_text[_pos..].StartsWith("True", StringComparison.Ordinal))
        {
            _pos += 4;
            return true;
        }

        if (_text[_pos..].StartsWith("False", StringComparison.Ordinal))
        {
            _pos += 5;
            return false;
        }

        Fail("fortran_order must be True or False");
        return false;
    }

    private long[] ParseShape()
    {
        Expect('(');
        var dims = new List<long>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(')'))
            {
                break;
            }

            dims.Add(ParseInteger());
            SkipWhitespace();
            if (!TryConsume(','))
            {
                Expect(')');
                break;
            }
        }

        return [.. dims];
    }

    private long ParseInteger()
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            Fail($"shape entries must be non-negative integers (header offset {start})");
        }

        if (!long.TryParse(_text[start.._pos], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            Fail("a shape entry is too large");
        }

        TryConsume('L'); // Python 2 long literal
        return value;
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (!TryConsume(c))
        {
            Fail($"malformed header: expected '{c}' at offset {_pos}");
        }
    }

    private bool TryConsume(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    [DoesNotReturn]
    private readonly void Fail(string detail) => NpyThrowHelper.Throw(_name, detail);
}
