using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Realtime.EngineIO;

/// <summary>
/// The headers or query parameters a session keeps from its handshake, as two parallel arrays: every connected
/// client holds two of these for its whole life, and a dictionary of a dozen entries costs about twice the memory.
/// Lookups scan, which over a dozen short keys is as fast as hashing them.
/// </summary>
internal sealed class HandshakeValues : IReadOnlyDictionary<string, string>
{
    private readonly string[] _keys;
    private readonly string[] _values;
    private readonly StringComparer _comparer;

    /// <param name="count">How many entries there are, so the arrays are sized once.</param>
    /// <param name="entries">Unique keys, as the request's header and query collections already are.</param>
    internal HandshakeValues(int count, IEnumerable<KeyValuePair<string, string>> entries, StringComparer comparer)
    {
        _comparer = comparer;
        _keys = new string[count];
        _values = new string[count];
        var i = 0;
        foreach (var (key, value) in entries)
        {
            _keys[i] = key;
            _values[i] = value;
            i++;
        }
    }

    public int Count => _keys.Length;

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<string> Values => _values;

    public string this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"'{key}' was not in the handshake");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, string>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_comparer.Equals(_keys[i], key))
            {
                return i;
            }
        }

        return -1;
    }
}
