//! Live counts over server-sent events: the server pushes an article's whole
//! count set after every commit that touches it.

use std::collections::BTreeMap;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// An open stream; dropping it closes the connection and frees the listener.
pub struct LiveCounts {
    source: EventSource,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl LiveCounts {
    /// Opens the stream; `on_counts` gets every count set the server sends.
    /// `None` if the browser refuses to open it (the counts then stay static).
    pub fn open(
        url: &str,
        mut on_counts: impl FnMut(BTreeMap<String, u64>) + 'static,
    ) -> Option<Self> {
        let source = EventSource::new(url).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let parsed = event
                .data()
                .as_string()
                .and_then(|text| js_sys::JSON::parse(&text).ok())
                .and_then(|value| crate::decode::counts(&value));
            if let Some(counts) = parsed {
                on_counts(counts);
            }
        });
        source
            .add_event_listener_with_callback("counts", listener.as_ref().unchecked_ref())
            .ok()?;
        Some(Self {
            source,
            _listener: listener,
        })
    }
}

impl Drop for LiveCounts {
    fn drop(&mut self) {
        self.source.close();
    }
}
