// The load worker's start (src/ui/load_worker.rs): the wasm-bindgen glue
// Trunk builds for the `load-worker` binary, then its wasm, whose main
// serves the page's questions.
importScripts("./load-worker.js");
wasm_bindgen({ module_or_path: "./load-worker_bg.wasm" });
