namespace Arcanum.Risk;

/// <summary>How many classes have exactly <see cref="Size"/> records (the class-size histogram ARX and the models
/// use).</summary>
public readonly record struct ClassSizeCount(int Size, int Classes);
