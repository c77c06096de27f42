//! A realistic demo organisation (filled in by the demo builder).

use crate::error::{Error, Result};
use crate::store::{Actor, Store};

#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    pub people: usize,
    pub reviews: usize,
    pub actions: usize,
}

impl std::fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} people, {} reviews, {} actions", self.people, self.reviews, self.actions)
    }
}

pub fn populate(_store: &mut Store, _actor: &Actor) -> Result<DemoSummary> {
    Err(Error::invalid("the demo data is not built yet"))
}
