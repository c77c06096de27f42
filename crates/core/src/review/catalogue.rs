//! The fixed vocabulary of a management review: the inputs clause 9.3.2 requires (each
//! traceable to its letter), the SOC 2 inputs the procedure adds, the SOC 2 criteria a
//! review evidences, and the standard agenda that covers them.

use serde::Serialize;

text_enum!(
    /// Which frameworks a review serves.
    Scope, "scope" { Iso27001 = "iso27001", Soc2 = "soc2", Both = "both" }
);

/// One required input of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputKind {
    /// The code stored in the database: a, b, c, d1..d4, e, f, g, soc2_*.
    pub code: &'static str,
    /// Where it comes from: "ISO/IEC 27001:2022 9.3.2 d) 1)" or "SOC 2 incidents (procedure)": distinct for every input.
    pub clause: &'static str,
    pub title: &'static str,
    /// The SOC 2 criteria this input helps evidence.
    pub soc2_criteria: &'static [&'static str],
}

pub const INPUTS: &[InputKind] = &[
    InputKind { code: "a", clause: "9.3.2 a)", title: "Status of actions from previous management reviews", soc2_criteria: &["CC4.2"] },
    InputKind { code: "b", clause: "9.3.2 b)", title: "Changes in external and internal issues relevant to the ISMS", soc2_criteria: &["CC3.4"] },
    InputKind { code: "c", clause: "9.3.2 c)", title: "Changes in needs and expectations of interested parties", soc2_criteria: &["CC2.3", "CC3.4"] },
    InputKind { code: "d1", clause: "9.3.2 d) 1)", title: "Nonconformities and corrective actions", soc2_criteria: &["CC4.2"] },
    InputKind { code: "d2", clause: "9.3.2 d) 2)", title: "Monitoring and measurement results", soc2_criteria: &["CC4.1"] },
    InputKind { code: "d3", clause: "9.3.2 d) 3)", title: "Audit results", soc2_criteria: &["CC4.1", "CC4.2"] },
    InputKind { code: "d4", clause: "9.3.2 d) 4)", title: "Fulfilment of information security objectives", soc2_criteria: &["CC1.2", "CC5.1"] },
    InputKind { code: "e", clause: "9.3.2 e)", title: "Feedback from interested parties", soc2_criteria: &["CC2.3"] },
    InputKind { code: "f", clause: "9.3.2 f)", title: "Results of risk assessment and status of the risk treatment plan", soc2_criteria: &["CC3.1", "CC3.2", "CC3.3"] },
    InputKind { code: "g", clause: "9.3.2 g)", title: "Opportunities for continual improvement", soc2_criteria: &["CC5.1"] },
    InputKind { code: "soc2_incidents", clause: "SOC 2 incidents (procedure)", title: "Security incidents and breaches", soc2_criteria: &["CC4.2", "CC2.2"] },
    InputKind { code: "soc2_resources", clause: "SOC 2 resources (procedure)", title: "Adequacy of resources: budget, staff, skills, tools", soc2_criteria: &["CC1.2", "CC5.2"] },
    InputKind { code: "soc2_changes", clause: "SOC 2 changes (procedure)", title: "Significant changes affecting the system", soc2_criteria: &["CC3.4"] },
];

pub fn input(code: &str) -> Option<&'static InputKind> {
    INPUTS.iter().find(|input| input.code == code)
}

/// The inputs a review of this scope must address, in clause order.
pub fn inputs_for(scope: Scope) -> Vec<&'static InputKind> {
    let iso = |i: &&InputKind| !i.code.starts_with("soc2_");
    match scope {
        Scope::Iso27001 => INPUTS.iter().filter(iso).collect(),
        Scope::Both => INPUTS.iter().collect(),
        // A SOC 2-only review still follows the shape of 9.3: actions, performance, risk,
        // plus the SOC 2 inputs.
        Scope::Soc2 => INPUTS.iter().filter(|i| matches!(i.code, "a" | "d1" | "d2" | "d3" | "f") || i.code.starts_with("soc2_")).collect(),
    }
}

/// The SOC 2 criteria a review of this scope evidences (none for an ISO-only review).
pub fn soc2_criteria_for(scope: Scope) -> Vec<&'static str> {
    if scope == Scope::Iso27001 {
        return Vec::new();
    }
    let mut criteria: Vec<&str> = inputs_for(scope).iter().flat_map(|i| i.soc2_criteria.iter().copied()).collect();
    criteria.sort();
    criteria.dedup();
    criteria
}

/// An item of the standard agenda: its title, minutes, and the inputs it covers.
pub struct AgendaTemplate {
    pub title: &'static str,
    pub minutes: u32,
    pub inputs: &'static [&'static str],
}

/// A 90-to-120-minute meeting that reaches every input once.
pub const STANDARD_AGENDA: &[AgendaTemplate] = &[
    AgendaTemplate { title: "Opening: attendance, apologies and quorum", minutes: 5, inputs: &[] },
    AgendaTemplate { title: "Actions from previous reviews", minutes: 10, inputs: &["a"] },
    AgendaTemplate { title: "Changes in context, interested parties and the system", minutes: 10, inputs: &["b", "c", "soc2_changes"] },
    AgendaTemplate { title: "Security performance: incidents, nonconformities, monitoring, audits", minutes: 20, inputs: &["d1", "d2", "d3", "soc2_incidents"] },
    AgendaTemplate { title: "Risk assessment and the risk treatment plan", minutes: 15, inputs: &["f"] },
    AgendaTemplate { title: "Feedback from interested parties", minutes: 5, inputs: &["e"] },
    AgendaTemplate { title: "Information security objectives: results and next period", minutes: 10, inputs: &["d4"] },
    AgendaTemplate { title: "Resources and continual improvement", minutes: 10, inputs: &["g", "soc2_resources"] },
    AgendaTemplate { title: "Decisions, actions, owners and the next review", minutes: 5, inputs: &[] },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_agenda_covers_every_input_exactly_once() {
        for input in INPUTS {
            let covering = STANDARD_AGENDA.iter().filter(|item| item.inputs.contains(&input.code)).count();
            assert_eq!(covering, 1, "{} is covered {covering} times", input.code);
        }
    }

    #[test]
    fn scopes() {
        assert_eq!(inputs_for(Scope::Iso27001).len(), 10);
        assert_eq!(inputs_for(Scope::Both).len(), 13);
        assert!(soc2_criteria_for(Scope::Iso27001).is_empty());
        assert!(soc2_criteria_for(Scope::Both).contains(&"CC1.2"));
        assert!(inputs_for(Scope::Soc2).iter().all(|i| i.code != "e"));
    }
}
