using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WorkflowPlatform.Storage.Schema;

internal static class ModelBuilderExtensions
{
    /// <summary>Stores a string list as a JSON array in a text column (same shape on SQLite and PostgreSQL).</summary>
    public static PropertyBuilder<List<string>> HasJsonListConversion(this PropertyBuilder<List<string>> property)
    {
        var comparer = new ValueComparer<List<string>>(
            (a, b) => a!.SequenceEqual(b!),
            v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))),
            v => v.ToList());
        property.HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            s => JsonSerializer.Deserialize<List<string>>(s, JsonSerializerOptions.Default) ?? new List<string>(),
            comparer);
        return property;
    }

    /// <summary>Table and column names in snake_case, for every entity that did not name its table itself.</summary>
    public static void UseSnakeCaseNames(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName() ?? "pk"));
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName("ix_" + entity.GetTableName() + "_" + string.Join("_", index.Properties.Select(p => ToSnakeCase(p.Name))));
            }
        }
    }

    /// <summary>Adds <c>e.WorkspaceId == context.CurrentWorkspaceId</c> to every <see cref="IWorkspaceOwned"/> entity.</summary>
    public static void UseWorkspaceFilter(this ModelBuilder modelBuilder, PlatformDbContext context)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (!typeof(IWorkspaceOwned).IsAssignableFrom(entity.ClrType))
            {
                continue;
            }
            var e = Expression.Parameter(entity.ClrType, "e");
            var owned = Expression.Convert(Expression.Property(e, nameof(IWorkspaceOwned.WorkspaceId)), typeof(Guid?));
            var current = Expression.Property(Expression.Constant(context), nameof(PlatformDbContext.CurrentWorkspaceId));
            entity.SetQueryFilter(Expression.Lambda(Expression.Equal(owned, current), e));
        }
    }

    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}

/// <summary>UTC ticks in an INTEGER column: SQLite cannot order or compare DateTimeOffset stored as text.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
