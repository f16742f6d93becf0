//! The analysis as `check` writes it: lines of text after the diagnostics,
//! and the `report` and `findings` fields of `check --json` (times in
//! milliseconds, as in the history's JSON Lines, with the name of the
//! what-if run each answer comes from).

use super::Analysis;
use super::findings::{Finding, Proof};
use super::report::{Budget, ContainerReport, Outage, Range};
use super::whatif::clock;
use serde_json::{Value, json};

/// The report and the findings as text lines (`file` starts a finding's
/// line, as compilers write `FILE:LINE:COL`).
pub fn text(file: &str, analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    if !analysis.reports.is_empty() {
        out.push(format!("{file}: probe report (each answer is a what-if run of this scenario):"));
        for report in &analysis.reports {
            out.extend(report.lines().into_iter().map(|l| format!("  {l}")));
        }
    }
    for f in &analysis.findings {
        let path = if f.path.is_empty() { String::new() } else { format!("{}: ", f.path) };
        out.push(format!(
            "{file}:{}:{}: warning[{}]: {} container {}: {path}{}",
            f.line, f.column, f.id, f.workload, f.container, f.message
        ));
        if let Some(s) = f.suggestion_text() {
            out.push(format!("  suggestion: {s}"));
        }
        out.push(format!("  proof: {}", proof_text(&f.proof)));
    }
    out
}

fn proof_text(p: &Proof) -> String {
    let times: Vec<String> = p.times.iter().map(|k| format!("{} {}", k.label, clock(k.t))).collect();
    format!("{} ({}): {}", p.whatif.name, p.whatif.assumption, times.join(", "))
}

fn range(r: Option<Range>, seen: usize) -> Value {
    match r {
        Some(r) => json!({"earliestMs": r.earliest, "latestMs": r.latest, "runs": seen}),
        None => Value::Null,
    }
}

fn outage(o: &Option<Outage>) -> Value {
    let Some(o) = o else { return Value::Null };
    let (out, out_n) = o.range(|r| r.out_of_service);
    let (unready, unready_n) = o.range(|r| r.unready);
    let (killed, killed_n) = o.range(|r| r.killed);
    let (restarted, restarted_n) = o.range(|r| r.restarted);
    let (again, again_n) = o.range(|r| r.serving_again);
    json!({
        "runs": o.runs.iter().map(|r| json!({"whatif": r.whatif.name, "atMs": r.at})).collect::<Vec<_>>(),
        "unready": range(unready, unready_n),
        "outOfService": range(out, out_n),
        "killed": range(killed, killed_n),
        "restarted": range(restarted, restarted_n),
        "servingAgain": range(again, again_n),
        "firstTrips": o.first_trips().iter().map(|k| k.name()).collect::<Vec<_>>(),
    })
}

/// One container's report as JSON; lengths are from the moment the answer
/// names (`…Ms` of a range), moments on the scenario clock (`atMs`).
pub fn report_json(r: &ContainerReport) -> Value {
    let ready = r.ready.as_ref().map_or(Value::Null, |t| {
        json!({
            "earliestMs": t.after_start.earliest,
            "latestMs": t.after_start.latest,
            "gate": t.gate.name(),
            "whatif": r.healthy.name,
        })
    });
    let past = |p: &super::report::Past| {
        json!({
            "startMs": p.start,
            "killsMs": p.kills,
            "crashLoopBackOffMs": p.crash_loop_from,
            "readyMs": p.ready,
            "whatif": p.whatif.name,
        })
    };
    let budget = match &r.budget {
        Budget::Unlimited { watched } => json!({"kind": "unlimited", "watchedMs": watched}),
        Budget::Limited { least, most, proven, past: p, .. } => json!({
            "kind": "limited",
            "leastMs": least,
            "mostMs": most,
            "proven": proven,
            "past": past(p),
        }),
        Budget::None { past: p } => json!({"kind": "none", "past": past(p)}),
    };
    let fleet = r.fleet.as_ref().map_or(Value::Null, |f| {
        json!({
            "replicas": f.replicas,
            "fromMs": f.from,
            "untilMs": f.until,
            "killedReplicas": f.killed_replicas,
            "killsMs": f.kills,
            "serviceEmpty": f.empty.iter().map(|(a, b)| json!({"fromMs": a, "untilMs": b})).collect::<Vec<_>>(),
            "whatif": f.whatif.name,
        })
    });
    let rollout = r.rollout.as_ref().map_or(Value::Null, |o| {
        json!({
            "atMs": o.at,
            "doneMs": o.done,
            "fewestServing": o.fewest_serving,
            "replicas": o.replicas,
            "whatif": o.whatif.name,
        })
    });
    json!({
        "workload": r.workload,
        "container": r.container,
        "sidecar": r.sidecar,
        "replicas": r.replicas,
        "line": r.line,
        "column": r.column,
        "startupMs": r.startup,
        "timeToReady": ready,
        "startupBudget": budget,
        "hang": outage(&r.hang),
        "failFast": outage(&r.fail_fast),
        "crash": outage(&r.crash),
        "fleet": fleet,
        "rollout": rollout,
    })
}

fn proof_json(p: &Proof) -> Value {
    json!({
        "whatif": p.whatif.name,
        "assumption": p.whatif.assumption,
        "atMs": p.at,
        "times": p.times.iter().map(|k| json!({"label": k.label, "tMs": k.t})).collect::<Vec<_>>(),
    })
}

pub fn finding_json(f: &Finding) -> Value {
    json!({
        "id": f.id,
        "severity": f.severity.name(),
        "line": f.line,
        "column": f.column,
        "path": f.path,
        "workload": f.workload,
        "container": f.container,
        "message": f.message,
        "suggestion": f.suggestion.as_ref().map(|s| s.change.clone()),
        "verifiedBy": f.suggestion.as_ref().map(|s| proof_json(&s.verified)),
        "proof": proof_json(&f.proof),
    })
}
