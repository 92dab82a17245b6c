namespace Realtime.Operator.Runtime.Kinds;

/// <summary>The labelSelector and fieldSelector of a list or watch; null for none.</summary>
public readonly record struct ListSelectors(string? Label = null, string? Field = null);
