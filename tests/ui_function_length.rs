//! The page's code stays readable: no function in `src/ui` runs over 80
//! lines, from its `fn` line to its closing brace, so each widget is a thin
//! composition of smaller ones. Files are read with `syn` (the parser the
//! derive macros already build with), so braces in strings, comments and
//! `html!` text never count.

#![cfg(not(target_arch = "wasm32"))] // syn is a native-only dev-dependency

use std::fs;
use std::path::{Path, PathBuf};
use syn::visit::{self, Visit};

const LIMIT: usize = 80;

/// Every `.rs` file under `dir`, depth first, in name order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).expect("a readable folder").map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
        .into_iter()
        .flat_map(|p| if p.is_dir() { rust_files(&p) } else { vec![p] })
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect()
}

/// Each function with a body: its name, the line of its `fn`, its lines.
#[derive(Default)]
struct Functions(Vec<(String, usize, usize)>);

impl Functions {
    fn add(&mut self, sig: &syn::Signature, block: &syn::Block) {
        let first = sig.fn_token.span.start().line;
        let last = block.brace_token.span.close().end().line;
        self.0.push((sig.ident.to_string(), first, last - first + 1));
    }
}

impl<'a> Visit<'a> for Functions {
    fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
        self.add(&f.sig, &f.block);
        visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'a syn::ImplItemFn) {
        self.add(&f.sig, &f.block);
        visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'a syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.add(&f.sig, block);
        }
        visit::visit_trait_item_fn(self, f);
    }
}

fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let file = syn::parse_file(text).expect("a Rust source file");
    let mut found = Functions::default();
    found.visit_file(&file);
    found.0
}

#[test]
fn a_function_is_measured_from_fn_to_its_closing_brace() {
    let text = "fn short() {\n    let s = \"}}}\";\n    let c = '{';\n    // }\n}\n\nfn outer<'a>(x: &'a str) -> &'a str {\n    fn inner() {}\n    x\n}\nextern \"C\" { fn decl(); }\n";
    assert_eq!(
        functions(text),
        vec![("short".to_string(), 1, 5), ("outer".to_string(), 7, 4), ("inner".to_string(), 8, 1)]
    );
    let raw = "struct S;\nimpl S {\n    fn raw() {\n        let s = r#\"{ \"{\" }\"#;\n    }\n}\n";
    assert_eq!(functions(raw), vec![("raw".to_string(), 3, 3)]);
}

#[test]
fn no_function_in_the_ui_is_over_80_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut long = Vec::new();
    let mut counted = 0;
    for file in rust_files(&root) {
        let text = fs::read_to_string(&file).expect("a UTF-8 source file");
        let path = file.strip_prefix(&root).unwrap().display().to_string();
        for (name, line, lines) in functions(&text) {
            counted += 1;
            if lines > LIMIT {
                long.push(format!("{path}:{line} {name}: {lines} lines"));
            }
        }
    }
    assert!(counted > 100, "the scan found only {counted} functions in src/ui");
    assert_eq!(long, Vec::<String>::new(), "functions in src/ui over {LIMIT} lines");
}
