//! What a person can do in a widget, carried in the markup as `data-action`
//! (and `data-arg`): the drivers listen once on the root, find the nearest
//! element with an action, and turn it, with that element's value where it
//! has one, into the page's `Action`.

use crate::history::Millis;
use crate::playground::state::Action;
use crate::playground::text::Text;
use crate::scenario::text::Doc;

/// A thing to do, as the markup names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    TogglePlay,
    /// To the next moment where something changed, or back to the one before.
    Step,
    StepBack,
    /// Back to 00:00.
    Restart,
    /// The speed in the element's value (a `select`).
    Speed,
    /// The moment in the element's value (a range), or this one (a mark).
    Seek(Option<Millis>),
    /// This pod, or the one in the element's value (a `select`).
    SelectPod(Option<String>),
    /// This probe of the timeline, or none.
    SelectProbe(Option<usize>),
    /// A click on the track of the timeline's lane `lane`, drawn from `from`
    /// to `to`: the probe mark or the moment under it, which only the click's
    /// place tells. The drivers give the value "X WIDTH" (pixels from the
    /// element's left edge, and its width) to `markup::timeline::pick`.
    Track {
        lane: usize,
        from: Millis,
        to: Millis,
    },
    /// Put this pane's text on the clipboard.
    Copy(Copied),
    DismissLinkError,
    /// The element's value is the whole new text of this document.
    Edit(Doc),
}

/// The panes with a Copy button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    Pods,
    Events,
    Describe,
}

impl Copied {
    const ALL: [Copied; 3] = [Copied::Pods, Copied::Events, Copied::Describe];

    fn name(self) -> &'static str {
        match self {
            Copied::Pods => "pods",
            Copied::Events => "events",
            Copied::Describe => "describe",
        }
    }
}

impl Control {
    /// The `data-action` and `data-arg` that carry it.
    pub fn encode(&self) -> (&'static str, Option<String>) {
        match self {
            Control::TogglePlay => ("toggle-play", None),
            Control::Step => ("step", None),
            Control::StepBack => ("step-back", None),
            Control::Restart => ("restart", None),
            Control::Speed => ("speed", None),
            Control::Seek(t) => ("seek", t.map(|t| t.to_string())),
            Control::SelectPod(pod) => ("select-pod", pod.clone()),
            Control::SelectProbe(probe) => ("select-probe", probe.map(|p| p.to_string())),
            Control::Track { lane, from, to } => ("track", Some(format!("{lane} {from} {to}"))),
            Control::Copy(pane) => ("copy", Some(pane.name().to_string())),
            Control::DismissLinkError => ("dismiss-link-error", None),
            Control::Edit(doc) => ("edit", Some(doc.label().to_string())),
        }
    }

    /// The control an element's `data-action` and `data-arg` carry.
    pub fn decode(action: &str, arg: Option<&str>) -> Option<Control> {
        Some(match action {
            "toggle-play" => Control::TogglePlay,
            "step" => Control::Step,
            "step-back" => Control::StepBack,
            "restart" => Control::Restart,
            "speed" => Control::Speed,
            "seek" => Control::Seek(arg.and_then(|a| a.parse().ok())),
            "select-pod" => Control::SelectPod(arg.map(str::to_string)),
            "select-probe" => Control::SelectProbe(arg.and_then(|a| a.parse().ok())),
            "track" => {
                let mut numbers = arg?.split(' ');
                let mut next = || numbers.next()?.parse::<i64>().ok();
                let (lane, from, to) = (next()?, next()?, next()?);
                Control::Track { lane: usize::try_from(lane).ok()?, from, to }
            }
            "copy" => Control::Copy(Copied::ALL.into_iter().find(|p| Some(p.name()) == arg)?),
            "dismiss-link-error" => Control::DismissLinkError,
            "edit" => Control::Edit([Doc::Kubernetes, Doc::Behaviour].into_iter().find(|d| Some(d.label()) == arg)?),
            _ => return None,
        })
    }

    /// The page's action, given the element's value (a field's text); none
    /// for a copy, which the driver does, for a track, which needs the lanes
    /// (`markup::timeline::pick`), or for a value that does not read.
    pub fn action(self, value: Option<String>) -> Option<Action> {
        Some(match self {
            Control::TogglePlay => Action::TogglePlay,
            Control::Step => Action::Step,
            Control::StepBack => Action::StepBack,
            Control::Restart => Action::Restart,
            Control::Speed => Action::SetSpeed(value?.parse().ok()?),
            Control::Seek(Some(t)) => Action::Seek(t),
            Control::Seek(None) => Action::Seek(value?.parse::<f64>().ok()? as Millis),
            Control::SelectPod(Some(pod)) => Action::SelectPod(Some(pod)),
            Control::SelectPod(None) => Action::SelectPod(Some(value?)),
            Control::SelectProbe(probe) => Action::SelectProbe(probe),
            Control::DismissLinkError => Action::DismissLinkError,
            Control::Edit(doc) => Action::Edit(doc, Text::from(value?)),
            Control::Copy(_) | Control::Track { .. } => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_survives_the_markup() {
        let controls = [
            Control::TogglePlay,
            Control::Step,
            Control::StepBack,
            Control::Restart,
            Control::Speed,
            Control::Seek(None),
            Control::Seek(Some(95_000)),
            Control::SelectPod(Some("web-0".into())),
            Control::SelectPod(None),
            Control::SelectProbe(Some(2)),
            Control::SelectProbe(None),
            Control::Track { lane: 3, from: 5_000, to: 65_000 },
            Control::Copy(Copied::Events),
            Control::DismissLinkError,
            Control::Edit(Doc::Behaviour),
        ];
        for control in controls {
            let (action, arg) = control.encode();
            assert_eq!(Control::decode(action, arg.as_deref()), Some(control));
        }
        assert_eq!(Control::decode("format-disk", None), None);
        assert_eq!(Control::decode("copy", Some("nothing")), None);
        assert_eq!(Control::decode("track", Some("3 5000")), None);
        assert_eq!(Control::decode("track", None), None);
    }

    #[test]
    fn a_field_gives_its_value_to_the_action() {
        assert!(matches!(Control::Speed.action(Some("10".into())), Some(Action::SetSpeed(10))));
        assert!(matches!(Control::Seek(None).action(Some("95000".into())), Some(Action::Seek(95_000))));
        assert!(
            matches!(Control::SelectPod(None).action(Some("web-1".into())), Some(Action::SelectPod(Some(p))) if p == "web-1")
        );
        // A value that does not read is no action, not a jump to 0.
        assert!(Control::Speed.action(Some("fast".into())).is_none());
        assert!(Control::Seek(None).action(None).is_none());
        assert!(Control::Copy(Copied::Pods).action(None).is_none());
    }

    #[test]
    fn the_transport_buttons_are_the_pages_actions() {
        assert!(matches!(Control::Step.action(None), Some(Action::Step)));
        assert!(matches!(Control::StepBack.action(None), Some(Action::StepBack)));
        assert!(matches!(Control::Restart.action(None), Some(Action::Restart)));
        // Which mark a click on a track hits is the timeline's to say.
        assert!(Control::Track { lane: 0, from: 0, to: 1000 }.action(Some("10 800".into())).is_none());
    }
}
