using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OrleansFailover.Silo;

/// <summary>
/// The status page at <c>/</c>: the circuit, failover state and duration, and per collection the backup's age, size,
/// generation, points, journal and last restore verdict, refreshed from <c>GET /status</c> every two seconds.
/// </summary>
public static class StatusPage
{
    public static void MapStatusPage(this WebApplication app) =>
        app.MapGet("/", () => Results.Content(Html, "text/html; charset=utf-8"));

    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>OrleansFailover status</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
          .state { display: inline-block; padding: .3rem .8rem; border-radius: .4rem; font-weight: 600; color: #fff; }
          .Closed { background: #2e7d32; } .HalfOpen { background: #ef6c00; } .Open { background: #c62828; }
          table { border-collapse: collapse; margin-top: 1.5rem; }
          th, td { border-bottom: 1px solid #ddd; padding: .4rem .8rem; text-align: left; }
          th { background: #f5f5f5; } .muted { color: #777; } #error { color: #c62828; }
        </style>
        </head>
        <body>
        <h1>OrleansFailover</h1>
        <p>Circuit <span id="circuit" class="state">…</span> <span id="failover"></span></p>
        <p id="detail" class="muted"></p>
        <p id="error"></p>
        <table>
          <thead><tr><th>Collection</th><th>Backup age</th><th>Size</th><th>Generation</th><th>Points</th><th>Journal</th><th>Last restore</th></tr></thead>
          <tbody id="collections"></tbody>
        </table>
        <p class="muted">Updated <span id="updated">never</span>; refreshes every 2 s.</p>
        <script>
        const text = (id, value) => document.getElementById(id).textContent = value;
        const age = iso => {
          if (!iso) return "never";
          const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
          return seconds < 120 ? seconds + " s" : seconds < 7200 ? Math.round(seconds / 60) + " min" : Math.round(seconds / 3600) + " h";
        };
        const bytes = n => n < 1024 ? n + " B" : n < 1048576 ? (n / 1024).toFixed(1) + " KiB" : (n / 1048576).toFixed(1) + " MiB";
        async function refresh() {
          try {
            const response = await fetch("/status", { cache: "no-store" });
            if (!response.ok) throw new Error("status answered " + response.status);
            const s = await response.json();
            const circuit = document.getElementById("circuit");
            circuit.textContent = s.circuit.toUpperCase();
            circuit.className = "state " + s.circuit;
            text("failover", s.failover_active
              ? "FAILOVER ACTIVE for " + age(s.failover_since) + (s.sync_back_active ? " (sync-back running)" : "") + ": traffic on the backup"
              : "traffic on Qdrant");
            text("detail", s.last_transition_reason ?? "");
            const rows = document.getElementById("collections");
            rows.replaceChildren(...s.collections.map(c => {
              const row = document.createElement("tr");
              row.dataset.collection = c.name;
              for (const value of [c.name, c.backup_file_exists ? age(c.last_sync) : "NO BACKUP", bytes(c.size_bytes),
                                   c.generation ?? "-", c.point_count ?? "-",
                                   c.journal ? bytes(c.journal.size_bytes) + ", " + c.journal.pending_records + " pending" : "-",
                                   c.last_restore ? c.last_restore.verdict : "-"]) {
                const cell = document.createElement("td");
                cell.textContent = value;
                row.appendChild(cell);
              }
              return row;
            }));
            text("updated", new Date().toLocaleTimeString());
            text("error", "");
          } catch (e) {
            text("error", "Cannot read the status: " + e.message);
          }
        }
        refresh();
        setInterval(refresh, 2000);
        </script>
        </body>
        </html>
        """;
}
