using System.CommandLine;
using Arcanum.Provisioning;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum provision</c>: the project CA and one startup kit per participant, from project.yml;
/// <c>add-site</c>, <c>add-admin</c> and <c>revoke</c> maintain an existing kits folder.
/// </summary>
internal static class ProvisionCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var project = new Option<FileInfo>("--project") { Description = "The project file (YAML): name, server, sites, admins.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "A new or empty folder for the kits.", Required = true };
        var command = new Command("provision", "Create the project CA and a startup kit (certificate, key, settings) for the server, every site and every admin.")
        {
            project, output, AddSite(console, error), AddAdmin(console, error), Revoke(console, error),
        };
        command.SetAction(parse => Run(error, () =>
        {
            var result = Provisioner.Provision(parse.GetValue(project)!.FullName, parse.GetValue(output)!.FullName);
            var table = new Table().AddColumns("participant", "kind / role", "kit folder", "certificate expires");
            foreach (var kit in result.Kits)
                table.AddRow(Markup.Escape(kit.Identity.Name), Markup.Escape(kit.Identity.Description), Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, kit.Folder)), Expiry(kit));
            console.Write(table);
            var projectFolder = Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(result.Directory, "project")));
            console.MarkupLine($"Project [bold]{Markup.Escape(result.Project.Name)}[/]: CA valid until {result.CaNotAfter:yyyy-MM-dd}.");
            console.MarkupLine($"[yellow]Keep {projectFolder}/ (the CA key) with you; send each other folder to its participant over a secure channel.[/]");
        }));
        return command;
    }

    private static Command AddSite(IAnsiConsole console, TextWriter error)
    {
        var kits = KitsOption();
        var name = new Option<string>("--name") { Description = "The new site's name (lowercase letters, digits, . _ -).", Required = true };
        var command = new Command("add-site", "Issue a kit for a new site with the project CA; no other kit changes.") { kits, name };
        command.SetAction(parse => Run(error, () =>
            Issued(console, Provisioner.AddSite(parse.GetValue(kits)!.FullName, parse.GetValue(name)!))));
        return command;
    }

    private static Command AddAdmin(IAnsiConsole console, TextWriter error)
    {
        var kits = KitsOption();
        var name = new Option<string>("--name") { Description = "The admin's name, usually an e-mail address.", Required = true };
        var role = new Option<string>("--role") { Description = "project-admin or site-admin.", Required = true };
        role.AcceptOnlyFromAmong("project-admin", "site-admin");
        var site = new Option<string?>("--site") { Description = "The site a site-admin looks after." };
        var command = new Command("add-admin", "Issue a kit for a new admin with the project CA; no other kit changes.") { kits, name, role, site };
        command.SetAction(parse => Run(error, () =>
        {
            var adminRole = parse.GetValue(role) == "site-admin" ? AdminRole.SiteAdmin : AdminRole.ProjectAdmin;
            Issued(console, Provisioner.AddAdmin(parse.GetValue(kits)!.FullName, parse.GetValue(name)!, adminRole, parse.GetValue(site)));
        }));
        return command;
    }

    private static Command Revoke(IAnsiConsole console, TextWriter error)
    {
        var kits = KitsOption();
        var name = new Option<string>("--name") { Description = "The site or admin whose certificate is revoked.", Required = true };
        var command = new Command("revoke", "Revoke a participant's certificate: add it to the CRL the server checks.") { kits, name };
        command.SetAction(parse => Run(error, () =>
        {
            var result = Provisioner.Revoke(parse.GetValue(kits)!.FullName, parse.GetValue(name)!);
            foreach (var r in result.Revoked)
                console.MarkupLine($"Revoked [bold]{Markup.Escape(r.Name)}[/] (serial {Markup.Escape(r.Serial)}); CRL number {result.CrlNumber}.");
            console.MarkupLine(result.ServerCrlPath is { } path
                ? $"Updated {Markup.Escape(path)}; a server running from that kit applies it within a second, to connected sites too. Copy it to the server if it runs elsewhere."
                : "[yellow]No server kit here: copy project/crl.pem to the server kit's crl.pem.[/]");
        }));
        return command;
    }

    private static Option<DirectoryInfo> KitsOption() =>
        new("--kits") { Description = "The kits folder `arcanum provision --out` created (holding project/).", Required = true };

    private static void Issued(IAnsiConsole console, IssuedKit kit) =>
        console.MarkupLine($"Issued {Markup.Escape(kit.Identity.Description)} kit [bold]{Markup.Escape(kit.Identity.Name)}[/] in {Markup.Escape(kit.Folder)} (certificate expires {Expiry(kit)}). Send it over a secure channel.");

    private static string Expiry(IssuedKit kit) => kit.CertificateNotAfter.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static int Run(TextWriter error, Action action) => CommandRunner.Run(error, action, e => e is ProvisioningException);
}
