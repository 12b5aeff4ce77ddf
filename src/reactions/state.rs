//! The optimistic update of the reaction bar as one pure function, so every case
//! (first reaction, change of mind, retraction) is unit-tested without a browser.

use newscard_protocol::Reactions;

/// What the server must be told after a click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Set(String),
    Retract,
}

/// Clicking the reader's current reaction retracts it; clicking another sets it,
/// moving the reader's vote from their old one.
pub fn click(old: &Reactions, clicked: &str) -> (Reactions, Change) {
    let mut new = old.clone();
    if let Some(previous) = &old.mine {
        if let Some(count) = new.counts.get_mut(previous) {
            *count = count.saturating_sub(1);
        }
    }
    let change = if old.mine.as_deref() == Some(clicked) {
        new.mine = None;
        Change::Retract
    } else {
        *new.counts.entry(clicked.to_owned()).or_default() += 1;
        new.mine = Some(clicked.to_owned());
        Change::Set(clicked.to_owned())
    };
    (new, change)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(counts: &[(&str, u64)], mine: Option<&str>) -> Reactions {
        Reactions {
            counts: counts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            mine: mine.map(str::to_owned),
        }
    }

    #[test]
    fn a_first_reaction_adds_one() {
        let (new, change) = click(&tally(&[("happy", 2)], None), "sad");
        assert_eq!(new, tally(&[("happy", 2), ("sad", 1)], Some("sad")));
        assert_eq!(change, Change::Set("sad".into()));
    }

    #[test]
    fn another_reaction_moves_the_vote() {
        let (new, change) = click(&tally(&[("happy", 2), ("sad", 1)], Some("happy")), "sad");
        assert_eq!(new, tally(&[("happy", 1), ("sad", 2)], Some("sad")));
        assert_eq!(change, Change::Set("sad".into()));
    }

    #[test]
    fn the_same_reaction_again_retracts() {
        let (new, change) = click(&tally(&[("like", 1)], Some("like")), "like");
        assert_eq!(new, tally(&[("like", 0)], None));
        assert_eq!(change, Change::Retract);
    }

    #[test]
    fn stale_counts_never_go_below_zero() {
        let (new, _) = click(&tally(&[], Some("meh")), "like");
        assert_eq!(new, tally(&[("like", 1)], Some("like")));
    }
}
