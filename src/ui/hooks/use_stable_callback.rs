//! A callback that stays the same object across renders while forwarding to
//! the latest one given: a child that takes it as a prop is not drawn again
//! just because its parent made a new closure (props compare callbacks by
//! identity). The timeline's lanes and the pod cards rely on it to be drawn
//! only when what they show changes.

use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[hook]
pub fn use_stable_callback<T: 'static>(latest: &Callback<T>) -> Callback<T> {
    let current = use_mut_ref(|| latest.clone());
    *current.borrow_mut() = latest.clone();
    let stable = use_memo((), move |_| {
        let current: Rc<RefCell<Callback<T>>> = current;
        Callback::from(move |value: T| {
            let callback = current.borrow().clone();
            callback.emit(value);
        })
    });
    (*stable).clone()
}
