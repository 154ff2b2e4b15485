namespace Arcanum.Provisioning;

/// <summary>The README.md of each kit: what it is, how to start it, what to keep secret.</summary>
internal static class KitReadmes
{
    public static string For(ParticipantIdentity id, Project project, DateTimeOffset certNotAfter)
    {
        var expiry = Timestamps.Format(certNotAfter);
        var extraFile = id.Kind != ParticipantKind.Server ? "" : """

            - `crl.pem`: revoked certificates. The project owner replaces it after `arcanum provision revoke`; the server
              re-reads it when the file changes, no restart needed.
            """;
        var common = $"""
            ## Files

            - `kit.json`: settings (the server's address, the certificate dates{(id.Kind == ParticipantKind.Admin ? "" : ", and the options below")}).
            - `cert.pem`: this participant's certificate ({id.Description} `{id.Name}` of project `{project.Name}`). It expires on **{expiry}**; ask the project owner for a new kit before then.
            - `key.pem`: the private key. **Keep it private**: it must stay on this machine, readable only by you (`chmod 600 key.pem`). Anyone holding it can act as `{id.Name}`.
            - `ca.pem`: the project CA certificate; peers are trusted only if that CA issued their certificate.{extraFile}

            If the key leaks, tell the project owner: `arcanum provision revoke --kits KITS --name {id.Name}` locks it out.
            """;
        return id.Kind switch
        {
            ParticipantKind.Server => $"""
                # Arcanum server kit: project {project.Name}

                Start the federation server (copy this folder to the server machine as `kits/server`):

                    arcanum server --kit kits/server

                It listens on {project.Server.Host}:{project.Server.Port} and accepts only sites and admins whose certificates
                the project CA issued and `crl.pem` does not list. Jobs and results go to `workspace/` inside this folder.

                {common}

                kit.json server options: `max_concurrent_jobs` (1), `heartbeat_timeout_s` (30: a site silent this long counts as gone),
                `workspace` ("workspace", relative to this folder).
                """,
            ParticipantKind.Site => $"""
                # Arcanum site kit: {id.Name} (project {project.Name})

                Start this site, mapping dataset names that jobs refer to onto local CSV files (repeat `--data` for more):

                    arcanum site --kit kits/{id.Name} --data NAME=path.csv

                The site connects to the server at {project.Server.Host}:{project.Server.Port}. Patient rows never leave this
                machine; only model updates do.

                {common}

                ## Policy

                `policy` in kit.json says which jobs this site accepts; it refuses the rest:

                - `allowed_algorithms`: a list such as `["fedavg", "fedprox"]`, or null for any algorithm.
                - `min_sites`: the fewest sites a job must have (1 by default; 2 or more keeps this site from being a job's only contributor).
                - `max_rounds`: the most rounds a job may run, or null for no limit.
                - `max_epsilon`: null, or the most privacy budget a job may spend on this site's patients: then only
                  jobs with differential privacy (`"dp"`, sample-level DP-SGD) whose epsilon is at most this are accepted.

                For statistics queries (`arcanum admin stats`), which this site answers from its rows under its own rules:

                - `stats_min_count`: a count below this (10 by default) is withheld, and so is every statistic from
                  fewer records; the server never receives a withheld number.
                - `stats_epsilon`: null for no noise, or the epsilon each query spends on Laplace noise (differential privacy).
                - `stats_epsilon_budget`: null, or the total epsilon over all queries (needs `stats_epsilon`); a query past it
                  is refused. What was spent is kept in `workspace/statistics/ledger.json`, so a restart does not reset it.
                """,
            _ => $"""
                # Arcanum admin kit: {id.Name} ({id.Description}, project {project.Name})

                Drive the federation at {project.Server.Host}:{project.Server.Port}:

                    arcanum admin --kit kits/{id.Name} submit job.json
                    arcanum admin --kit kits/{id.Name} list
                    arcanum admin --kit kits/{id.Name} status JOB --wait
                    arcanum admin --kit kits/{id.Name} download JOB --out DIR
                    arcanum admin --kit kits/{id.Name} sites
                    arcanum admin --kit kits/{id.Name} abort JOB

                {common}
                """,
        } + "\n";
    }

    public static string ForProjectFolder(Project project) => $"""
        # Project {project.Name}: the project owner's folder

        **This folder must stay with the project owner. Never ship it, never copy it into a kit.**
        `ca.key.pem` signs every certificate of the federation: whoever holds it can add participants at will.
        Keep it offline or encrypted, and back it up: without it no kit can be added or revoked.

        - `ca.pem`: the project CA certificate (also in every kit).
        - `ca.key.pem`: the CA private key (mode 0600).
        - `project.yml`: the project as provisioned; `add-site` and `add-admin` append to it.
        - `issued.json`: every certificate issued (name, serial, expiry), so any of them can be revoked.
        - `revoked.json` and `crl.pem`: revoked certificates; `crl.pem` is also copied into `server/`.

        Commands (run where this folder is, with `--kits` naming the folder that holds it):

            arcanum provision add-site --kits KITS --name NEW-SITE
            arcanum provision revoke --kits KITS --name NAME

        Send every other folder of KITS to its participant over a secure channel; the server's goes to the server.

        """;
}
