namespace WorkflowPlatform.Server.VerificationWays;

/// <summary>Localized texts of the e-mail and SMS that carry the capture link (fallback: English).</summary>
public static class Messages
{
    private sealed record Texts(string Subject, string Greeting, string Body, string Action, string Sms);

    private static readonly Dictionary<string, Texts> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new("Verify your identity with {app}", "Hello,", "{app} asks you to take a selfie to verify your identity. The link is valid until {expires} (UTC).", "Start verification", "{app}: take a selfie to verify your identity: {url}"),
        ["de"] = new("Bestätigen Sie Ihre Identität bei {app}", "Hallo,", "{app} bittet Sie, zur Bestätigung Ihrer Identität ein Selfie aufzunehmen. Der Link gilt bis {expires} (UTC).", "Überprüfung starten", "{app}: Bitte nehmen Sie ein Selfie zur Identitätsprüfung auf: {url}"),
        ["fr"] = new("Vérifiez votre identité auprès de {app}", "Bonjour,", "{app} vous demande de prendre un selfie pour vérifier votre identité. Le lien est valable jusqu'au {expires} (UTC).", "Commencer la vérification", "{app} : prenez un selfie pour vérifier votre identité : {url}"),
        ["es"] = new("Verifique su identidad con {app}", "Hola:", "{app} le pide que se haga un selfie para verificar su identidad. El enlace es válido hasta el {expires} (UTC).", "Iniciar verificación", "{app}: hágase un selfie para verificar su identidad: {url}"),
    };

    private static Texts For(string? locale)
    {
        var language = (locale ?? "en").Split('-')[0];
        return ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"];
    }

    public static (string Subject, string Text, string Html) Email(string? locale, string app, string url, DateTimeOffset expires)
    {
        var t = For(locale);
        string Fill(string s) => s.Replace("{app}", app, StringComparison.Ordinal).Replace("{expires}", expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm"), StringComparison.Ordinal);
        var text = $"{t.Greeting}\n\n{Fill(t.Body)}\n\n{t.Action}: {url}\n";
        static string enc(string s) => System.Net.WebUtility.HtmlEncode(s);
        var html = $"<p>{enc(t.Greeting)}</p><p>{enc(Fill(t.Body))}</p><p><a href=\"{enc(url)}\">{enc(t.Action)}</a></p>";
        return (Fill(t.Subject), text, html);
    }

    public static string Sms(string? locale, string app, string url)
        => For(locale).Sms.Replace("{app}", app, StringComparison.Ordinal).Replace("{url}", url, StringComparison.Ordinal);
}
