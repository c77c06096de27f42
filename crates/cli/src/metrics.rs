//! `quorum metrics`: the action register's metrics now and at the last reviews held.

use clap::Args;
use quorum_core::register::{self, metrics::ByPriority, RegisterMetrics};
use quorum_core::Result;

use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

#[derive(Args, Debug)]
pub struct MetricsArgs {
    /// How many of the last reviews held the trend covers.
    #[arg(long, default_value_t = 4)]
    reviews: usize,
}

pub fn run_metrics(global: &Global, args: &MetricsArgs) -> Result<Outcome> {
    let now = keys::now()?;
    let store = open(global)?;
    let report = register::metrics(store.conn(), now, args.reviews)?;
    emit(global.json, &report, || {
        let mut text = format!("Action register as of {}\n\n{}", now.format("%Y-%m-%d %H:%M UTC"), describe(&report.current));
        if report.trend.is_empty() {
            text.push_str("\n\nNo review held yet: the trend starts with the first review held.");
        } else {
            text.push_str(&format!(
                "\n\nTrend over the last reviews held:\n  {:<12} {:<10} {:>6} {:>6} {:>8} {:>9} {:>8} {:>11} {:>10}\n",
                "REVIEW", "HELD", "TOTAL", "OPEN", "OVERDUE", "ESCALATED", "ON TIME", "DAYS/CLOSE", "ESCALATIONS"
            ));
            for point in &report.trend {
                let m = &point.metrics;
                text.push_str(&format!(
                    "  {:<12} {:<10} {:>6} {:>6} {:>8} {:>9} {:>8} {:>11} {:>10}\n",
                    point.review_reference,
                    point.held_on,
                    m.total,
                    m.open.total,
                    m.overdue.total,
                    m.escalated.total,
                    share(m.on_time_share),
                    days(m.mean_days_to_close),
                    m.escalations
                ));
            }
        }
        text.trim_end().to_owned()
    });
    Ok(Outcome::Done)
}

fn share(value: Option<f64>) -> String {
    value.map(|v| format!("{:.0}%", v * 100.0)).unwrap_or_else(|| "-".into())
}

fn days(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into())
}

fn by_priority(counts: &ByPriority) -> String {
    format!("{}  (high {}, medium {}, low {})", counts.total, counts.high, counts.medium, counts.low)
}

fn describe(m: &RegisterMetrics) -> String {
    let mut text = format!(
        "Actions:            {}  (open {}, in progress {}, completed {}, closed {})\nNot closed:         {}\nOverdue:            {}\nEscalated:          {}\nClosed on time:     {} of {} ({})\nMean time to close: {} days\nEscalation steps:   {}\n",
        m.total,
        m.by_status.open,
        m.by_status.in_progress,
        m.by_status.completed,
        m.by_status.closed,
        by_priority(&m.open),
        by_priority(&m.overdue),
        by_priority(&m.escalated),
        m.closed_on_time,
        m.closed,
        share(m.on_time_share),
        days(m.mean_days_to_close),
        m.escalations
    );
    if !m.by_owner.is_empty() {
        text.push_str("\nBy owner (not closed / overdue / escalated):\n");
        for o in &m.by_owner {
            let name = o.owner.as_ref().map(|p| p.name.as_str()).unwrap_or("(no owner)");
            text.push_str(&format!("  {name:<28} {:>3} {:>3} {:>3}\n", o.open, o.overdue, o.escalated));
        }
    }
    let recurring: Vec<String> = m.themes.iter().filter(|t| t.recurring).map(|t| format!("{} {} ({})", t.dimension, t.name, t.count)).collect();
    text.push_str(&format!("\nRecurring themes:   {}", if recurring.is_empty() { "none".to_owned() } else { recurring.join(", ") }));
    text
}
