using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Retention;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Retention;

public sealed class RetentionOptionsTests
{
    private static RetentionOptions Bind(Dictionary<string, string?> values)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging();
        services.AddRetention(config);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    [Fact]
    public void Bind_NothingConfigured_DocumentedDefaults()
    {
        var o = Bind([]);

        Assert.Equal((30, 365, TimeSpan.FromHours(1), 500), (o.RequestImagesDays, o.FinishedRequestsDays, o.SweepInterval, o.BatchSize));
    }

    [Fact]
    public void Bind_EmptyFinishedRequestsDays_KeepsRequestsForever()
    {
        var o = Bind(new() { ["Retention:FinishedRequestsDays"] = "" });

        Assert.Null(o.FinishedRequestsDays);
    }

    [Theory]
    [InlineData("Retention:RequestImagesDays", "0")]
    [InlineData("Retention:FinishedRequestsDays", "10")]
    [InlineData("Retention:SweepInterval", "00:00:00")]
    [InlineData("Retention:BatchSize", "0")]
    public void Bind_OutOfRange_FailsValidation(string key, string value)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(key.Split(':')[1], e.Message, StringComparison.Ordinal);
    }
}
