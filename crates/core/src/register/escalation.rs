//! Who an escalation goes to: the next level of the organisation's path whose person is
//! neither the owner nor someone who already holds a lower level of the same action. Such a
//! level is skipped, and the skip is said in the escalation's note. The app, the CLI and the
//! demo all go through [`next_target`].

use super::{EscalationLevel, PersonRef};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct EscalationTarget {
    pub level: i64,
    pub person: PersonRef,
    /// Levels passed over, in words ("level 2 (Department head) skipped: Priya Raman already holds level 1").
    pub skipped: Vec<String>,
}

/// The level above `current` that the action goes to, or `None` when no level is left.
/// `holders` are the people of the action's earlier escalations with their level;
/// `owner_manager` resolves a level without a person (the owner's line manager).
pub fn next_target(path: &[EscalationLevel], current: i64, reference: &str, owner: Option<&PersonRef>, owner_manager: Option<&PersonRef>, holders: &[(i64, PersonRef)]) -> Result<Option<EscalationTarget>> {
    let mut skipped = Vec::new();
    for level in path.iter().filter(|l| l.level > current) {
        let person = match &level.person {
            Some(person) => person.clone(),
            None => {
                let owner = owner.ok_or_else(|| Error::invalid(format!("{reference} has no owner, so it has no line manager to escalate to: set an owner first")))?;
                owner_manager.cloned().ok_or_else(|| {
                    Error::invalid(format!(
                        "level {} ({}) goes to the owner's line manager, and {} has none: record {}'s line manager first",
                        level.level, level.name, owner.name, owner.name
                    ))
                })?
            }
        };
        if owner.is_some_and(|o| o.id == person.id) {
            skipped.push(format!("level {} ({}) skipped: {} owns the action", level.level, level.name, person.name));
            continue;
        }
        if let Some((held, _)) = holders.iter().find(|(_, p)| p.id == person.id) {
            skipped.push(format!("level {} ({}) skipped: {} already holds level {held}", level.level, level.name, person.name));
            continue;
        }
        return Ok(Some(EscalationTarget { level: level.level, person, skipped }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, name: &str) -> PersonRef {
        PersonRef { id, name: name.into(), email: None }
    }

    fn path() -> Vec<EscalationLevel> {
        vec![
            EscalationLevel { level: 1, name: "Line manager".into(), person: None },
            EscalationLevel { level: 2, name: "Department head".into(), person: Some(person(2, "Priya")) },
            EscalationLevel { level: 3, name: "CISO".into(), person: Some(person(3, "Tom")) },
        ]
    }

    #[test]
    fn a_person_who_holds_a_lower_level_is_skipped_and_the_skip_is_said() {
        let owner = person(9, "James");
        let first = next_target(&path(), 0, "ACT-1", Some(&owner), Some(&person(2, "Priya")), &[]).unwrap().unwrap();
        assert_eq!((first.level, first.person.id), (1, 2));
        assert!(first.skipped.is_empty());
        let second = next_target(&path(), 1, "ACT-1", Some(&owner), Some(&person(2, "Priya")), &[(1, person(2, "Priya"))]).unwrap().unwrap();
        assert_eq!((second.level, second.person.id), (3, 3));
        assert_eq!(second.skipped, vec!["level 2 (Department head) skipped: Priya already holds level 1".to_owned()]);
    }

    #[test]
    fn the_owner_is_skipped_and_an_exhausted_path_gives_none() {
        let owner = person(3, "Tom");
        let target = next_target(&path(), 1, "ACT-1", Some(&owner), None, &[(1, person(5, "Ann"))]).unwrap().unwrap();
        assert_eq!(target.level, 2);
        assert_eq!(next_target(&path(), 2, "ACT-1", Some(&owner), None, &[]).unwrap(), None, "only the owner's own level is left");
        assert!(next_target(&path(), 0, "ACT-1", Some(&owner), None, &[]).is_err(), "level 1 needs the owner's line manager");
    }
}
