//! The house rules, checked on the sources so that they hold by themselves:
//! the size of files and functions, the layers of the library's modules and
//! no import cycle between files.
//!
//! The checks read `src/` and `crates/*/src/` as text and parse them with
//! `syn`; nothing is compiled or run. A failure lists every offender with
//! its place, so it can be fixed from the message alone. The rules are
//! configured at the top; the checker's own tests at the bottom show that
//! each rule can fail.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;
use std::sync::LazyLock;

use syn::spanned::Spanned;
use syn::visit::Visit;

// ---------------------------------------------------------------- rules --

/// A file longer than this holds more than one thing: split it by what the
/// parts own, so that a reader finds the place of a change by file name.
/// Counted over the whole file, tests included.
const MAX_FILE_LINES: usize = 500;

/// A function longer than this (from `fn` to its closing brace) takes
/// several steps that deserve names of their own. Test code is exempt
/// (`#[test]` functions and `#[cfg(test)]` items): a test reads best as one
/// story.
const MAX_FN_LINES: usize = 80;

/// The library crate's modules, lowest layer first, each line with why it
/// sits there. A module may import only modules of lower layers; the
/// modules of one layer do not import each other. An entry may name a
/// submodule (`a::b`): the deepest entry that contains a file decides its
/// layer. A new top-level module must be given a layer here.
///
/// The command line (`src/main.rs`, `src/cli/`) is the binary crate: it
/// sits above all of these by construction, since a library cannot import
/// its binary. Test code may import any layer (a test may assemble the
/// layers above the one it checks) and is not checked.
const LAYERS: &[(&[&str], &str)] = &[
    (
        &["config"],
        "settings, read before anything else runs; they depend on nothing",
    ),
    (
        &["i18n", "logging", "metrics"],
        "interface strings, log set-up and counters know nothing of articles or customers",
    ),
    (
        &["insights"],
        "what customers and staff leave behind (feedback, searches, opened results, staff sessions) in the database; it stores article ids, never reads articles",
    ),
    (
        &["nl"],
        "the Dutch language: how words are split, stemmed, spelled and matched; it knows no articles",
    ),
    (
        &["content"],
        "articles read from disk and rendered to HTML; it may use the language, never search, recommendations or the web",
    ),
    (
        &["search", "semantic"],
        "finding articles by words (search) and by meaning (semantic: the sentence encoder and article vectors); both serve recommendations",
    ),
    (
        &["recommend"],
        "recommended steps: word and meaning matches of a description fused",
    ),
    (
        &["library"],
        "the immutable snapshot: articles, link graph, search index, recommender and vectors, built from content",
    ),
    (
        &["eval", "popular", "reload", "semantic::snapshots"],
        "what uses whole snapshots: measuring recommended steps, the popular lists, reloading, attaching vectors to the snapshot being served",
    ),
    (&["web"], "HTTP on top: handlers read the current snapshot"),
];

/// The crates whose sources are checked: (name used to import it, root
/// file, whether [`LAYERS`] apply to it).
const CRATES: &[(&str, &str, bool)] = &[
    ("helpportal", "src/lib.rs", true),
    ("helpportal_bin", "src/main.rs", false),
    ("helpportal_encoder", "crates/encoder/src/lib.rs", false),
];

// How files import each other (rule of the cycle check). A file imports
// another when its code names a path into a module that the other file
// defines: `use crate::…`, `use super::…`, `use self::…`, `use child::…`,
// and the same paths written in code (`crate::metrics::x()`), in macros
// included. A path goes to the deepest module on it that has a file. So:
// - a parent's `mod child;` is not an import;
// - a parent's `use child::X` or `pub use child::X` (a re-export) is an
//   import parent → child;
// - a child's `use super::Y` is an import child → parent.
// A parent that re-exports its children while they take shared items from
// it is therefore a cycle: shared items belong in a file of their own that
// the parent and the children both import. Test code is left out.

// ------------------------------------------------------------- the tests --

static SOURCES: LazyLock<Analysis> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = BTreeMap::new();
    read_rust_files(root, &root.join("src"), &mut files);
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        for krate in crates.flatten() {
            read_rust_files(root, &krate.path().join("src"), &mut files);
        }
    }
    analyse(&files, CRATES, LAYERS)
});

fn read_rust_files(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            read_rust_files(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            let relative = path.strip_prefix(root).expect("under the root");
            let name = relative.to_string_lossy().replace('\\', "/");
            files.insert(name, text);
        }
    }
}

fn report(problems: &[String], rule: &str) {
    assert!(
        problems.is_empty(),
        "{} {rule}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn every_source_file_was_read_and_parsed() {
    let a = &*SOURCES;
    report(&a.errors, "files could not be read as part of a crate");
    assert!(a.files.len() >= 100, "only {} files read", a.files.len());
    assert!(a.functions >= 500, "only {} functions seen", a.functions);
    assert!(a.imports >= 300, "only {} imports seen", a.imports);
}

#[test]
fn source_files_are_at_most_500_lines() {
    report(&SOURCES.long_files, "files are too long");
}

#[test]
fn functions_are_at_most_80_lines_outside_tests() {
    report(&SOURCES.long_functions, "functions are too long");
}

#[test]
fn modules_import_only_lower_layers() {
    report(&SOURCES.layer_violations, "imports go up or across a layer");
}

#[test]
fn files_do_not_import_each_other_in_a_cycle() {
    report(&SOURCES.cycles, "import cycles between files");
}

// -------------------------------------------------------------- checker --

/// What the checks found.
#[derive(Debug, Default)]
struct Analysis {
    /// Files read as part of a crate.
    files: Vec<String>,
    /// Functions seen outside test code.
    functions: usize,
    /// Imports between files seen.
    imports: usize,
    /// Files that could not be parsed or belong to no crate.
    errors: Vec<String>,
    long_files: Vec<String>,
    long_functions: Vec<String>,
    layer_violations: Vec<String>,
    cycles: Vec<String>,
}

/// A file in a crate's module tree.
struct ModFile {
    path: String,
    krate: usize,
    module: Vec<String>,
    ast: syn::File,
    /// Declared under `#[cfg(test)]`.
    test: bool,
}

/// Every crate's module tree: module path → the file that defines it, and
/// the child modules declared in each module.
#[derive(Default)]
struct Tree {
    files: Vec<ModFile>,
    modules: BTreeMap<(usize, Vec<String>), usize>,
    children: BTreeMap<(usize, Vec<String>), BTreeSet<String>>,
    /// The name each crate is imported by.
    names: Vec<String>,
}

/// A path written in a file, before it is resolved.
struct RawPath {
    scope: Vec<String>,
    segments: Vec<String>,
    line: usize,
}

/// An import of one file by another.
#[derive(Clone)]
struct Import {
    line: usize,
    path: String,
}

fn analyse(
    sources: &BTreeMap<String, String>,
    crates: &[(&str, &str, bool)],
    layers: &[(&[&str], &str)],
) -> Analysis {
    let mut analysis = Analysis::default();
    let tree = build_tree(sources, crates, &mut analysis.errors);
    let reached: BTreeSet<&str> = tree.files.iter().map(|f| f.path.as_str()).collect();
    for path in sources.keys().filter(|p| !reached.contains(p.as_str())) {
        analysis
            .errors
            .push(format!("{path}: not declared as a module of any crate"));
    }
    let mut graph: BTreeMap<usize, BTreeMap<usize, Import>> = BTreeMap::new();
    for (index, file) in tree.files.iter().enumerate() {
        analysis.files.push(file.path.clone());
        let lines = sources[&file.path].lines().count();
        if lines > MAX_FILE_LINES {
            analysis.long_files.push(format!(
                "{}: {lines} lines (at most {MAX_FILE_LINES})",
                file.path
            ));
        }
        if file.test {
            continue;
        }
        let mut scan = Scan::new(file.module.clone());
        scan.visit_file(&file.ast);
        analysis.functions += scan.functions;
        for (name, line, length) in scan.long {
            analysis.long_functions.push(format!(
                "{}:{line}: fn {name} is {length} lines (at most {MAX_FN_LINES})",
                file.path
            ));
        }
        for raw in &scan.paths {
            let Some((krate, target)) = tree.resolve(file.krate, raw) else {
                continue;
            };
            let Some(to) = tree.file_of(krate, &target) else {
                continue;
            };
            let import = Import {
                line: raw.line,
                path: raw.segments.join("::"),
            };
            let layered = crates[file.krate].2 && krate == file.krate;
            if let Some(problem) = layered
                .then(|| layer_problem(layers, &file.module, &target))
                .flatten()
            {
                analysis.layer_violations.push(format!(
                    "{}:{}: {} ({problem})",
                    file.path, raw.line, import.path
                ));
            }
            if to != index {
                graph.entry(index).or_default().entry(to).or_insert(import);
            }
        }
    }
    analysis.imports = graph.values().map(BTreeMap::len).sum();
    analysis.cycles = cycles(&graph)
        .into_iter()
        .map(|cycle| describe_cycle(&tree, &graph, &cycle))
        .collect();
    analysis.long_functions.sort();
    analysis.layer_violations.dedup();
    analysis
}

/// Follows the `mod` declarations from each crate's root file.
fn build_tree(
    sources: &BTreeMap<String, String>,
    crates: &[(&str, &str, bool)],
    errors: &mut Vec<String>,
) -> Tree {
    let mut tree = Tree {
        names: crates
            .iter()
            .map(|(name, _, _)| (*name).to_owned())
            .collect(),
        ..Tree::default()
    };
    let mut queue: VecDeque<(usize, String, Vec<String>, bool)> = crates
        .iter()
        .enumerate()
        .filter(|(_, (_, root, _))| sources.contains_key(*root))
        .map(|(k, (_, root, _))| (k, (*root).to_owned(), Vec::new(), false))
        .collect();
    while let Some((krate, path, module, test)) = queue.pop_front() {
        let ast = match syn::parse_file(&sources[&path]) {
            Ok(ast) => ast,
            Err(err) => {
                errors.push(format!("{path}: does not parse: {err}"));
                continue;
            }
        };
        let index = tree.files.len();
        let dir = child_dir(&path);
        let mut declared = Vec::new();
        declare_modules(&ast.items, &module, &dir, test, &mut declared);
        tree.modules.insert((krate, module.clone()), index);
        for (inline, parent, name, file_dir, child_test) in declared {
            let mut child = parent.clone();
            child.push(name.clone());
            tree.children
                .entry((krate, parent))
                .or_default()
                .insert(name.clone());
            if inline {
                tree.modules.insert((krate, child), index);
                continue;
            }
            let candidates = [
                format!("{file_dir}{name}.rs"),
                format!("{file_dir}{name}/mod.rs"),
            ];
            match candidates.into_iter().find(|c| sources.contains_key(c)) {
                Some(file) => queue.push_back((krate, file, child, child_test)),
                None => errors.push(format!("{path}: the file of `mod {name}` is not found")),
            }
        }
        tree.files.push(ModFile {
            path,
            krate,
            module,
            ast,
            test,
        });
    }
    tree
}

/// The folder (with a trailing `/`) that holds the files of the modules a
/// file declares: its own folder for `lib.rs`, `main.rs` and `mod.rs`,
/// otherwise a folder named like the file.
fn child_dir(path: &str) -> String {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    match file {
        "lib.rs" | "main.rs" | "mod.rs" => prefix,
        other => format!("{prefix}{}/", other.trim_end_matches(".rs")),
    }
}

/// A module declaration: (inline, parent module, name, folder of its file,
/// test only).
type Declared = (bool, Vec<String>, String, String, bool);

fn declare_modules(
    items: &[syn::Item],
    module: &[String],
    dir: &str,
    test: bool,
    out: &mut Vec<Declared>,
) {
    for item in items {
        let syn::Item::Mod(m) = item else { continue };
        let name = m.ident.to_string();
        let test = test || is_test_code(&m.attrs);
        out.push((
            m.content.is_some(),
            module.to_vec(),
            name.clone(),
            dir.to_owned(),
            test,
        ));
        if let Some((_, inner)) = &m.content {
            let mut child = module.to_vec();
            child.push(name.clone());
            declare_modules(inner, &child, &format!("{dir}{name}/"), test, out);
        }
    }
}

impl Tree {
    /// The crate and module path a written path names, when it names one
    /// of the checked crates.
    fn resolve(&self, krate: usize, raw: &RawPath) -> Option<(usize, Vec<String>)> {
        let segments = &raw.segments;
        let first = segments.first()?.as_str();
        let (krate, mut base, rest) = match first {
            "crate" => (krate, Vec::new(), &segments[1..]),
            "self" => (krate, raw.scope.clone(), &segments[1..]),
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let keep = raw.scope.len().checked_sub(ups)?;
                (krate, raw.scope[..keep].to_vec(), &segments[ups..])
            }
            name => match self.names.iter().position(|n| n == name) {
                Some(other) if other != krate => (other, Vec::new(), &segments[1..]),
                _ => {
                    let children = self.children.get(&(krate, raw.scope.clone()))?;
                    children.contains(name).then_some(())?;
                    (krate, raw.scope.clone(), &segments[..])
                }
            },
        };
        base.extend(rest.iter().cloned());
        Some((krate, base))
    }

    /// The file that defines the deepest module on `path`.
    fn file_of(&self, krate: usize, path: &[String]) -> Option<usize> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.modules.get(&(krate, path[..n].to_vec())).copied())
    }
}

/// Why an import from module `from` of path `to` breaks the layers, if it
/// does.
fn layer_problem(layers: &[(&[&str], &str)], from: &[String], to: &[String]) -> Option<String> {
    if from.is_empty() || to.is_empty() {
        return None;
    }
    let (from_entry, from_layer) = layer_of(layers, from)?;
    let Some((to_entry, to_layer)) = layer_of(layers, to) else {
        return Some(format!("`{}` has no layer", to[0]));
    };
    if from_entry == to_entry || to_layer < from_layer {
        return None;
    }
    let how = if to_layer == from_layer {
        "the same layer"
    } else {
        "a higher layer"
    };
    Some(format!("`{from_entry}` imports `{to_entry}` of {how}"))
}

/// The deepest entry of [`LAYERS`] that contains `module`, and its layer.
fn layer_of<'a>(layers: &[(&[&'a str], &str)], module: &[String]) -> Option<(&'a str, usize)> {
    let joined = module.join("::");
    layers
        .iter()
        .enumerate()
        .flat_map(|(layer, (entries, _))| entries.iter().map(move |e| (*e, layer)))
        .filter(|(entry, _)| joined == *entry || joined.starts_with(&format!("{entry}::")))
        .max_by_key(|(entry, _)| entry.len())
}

/// Whether attributes mark test code: `#[test]`, `#[tokio::test]` and the
/// like, or a `cfg` that needs `test`.
fn is_test_code(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let path = attr.path();
        if path.segments.last().is_some_and(|s| s.ident == "test") {
            return true;
        }
        if !path.is_ident("cfg") {
            return false;
        }
        let syn::Meta::List(list) = &attr.meta else {
            return false;
        };
        let text = list.tokens.to_string();
        // `cfg(test)` and `cfg(all(test, …))`; not `cfg(not(test))`.
        text.split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|word| word == "test")
            && !text.contains("not")
    })
}

// ------------------------------------------------------------ the scan --

/// Walks one file: function lengths and the paths it writes, outside test
/// code.
struct Scan {
    scope: Vec<String>,
    owner: Option<String>,
    functions: usize,
    /// (name, line, length) of functions over the limit.
    long: Vec<(String, usize, usize)>,
    paths: Vec<RawPath>,
}

impl Scan {
    fn new(module: Vec<String>) -> Scan {
        Scan {
            scope: module,
            owner: None,
            functions: 0,
            long: Vec::new(),
            paths: Vec::new(),
        }
    }

    fn function(&mut self, name: &syn::Ident, fn_token: &syn::token::Fn, block: &syn::Block) {
        self.functions += 1;
        let start = fn_token.span.start().line;
        let end = block.brace_token.span.close().end().line;
        let length = end - start + 1;
        if length > MAX_FN_LINES {
            let name = match &self.owner {
                Some(owner) => format!("{owner}::{name}"),
                None => name.to_string(),
            };
            self.long.push((name, start, length));
        }
    }

    fn path(&mut self, segments: Vec<String>, line: usize) {
        if segments.len() >= 2 {
            self.paths.push(RawPath {
                scope: self.scope.clone(),
                segments,
                line,
            });
        }
    }

    /// Every path a `use` tree names, one per leaf.
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.use_leaf(prefix, &n.ident),
            syn::UseTree::Rename(r) => self.use_leaf(prefix, &r.ident),
            syn::UseTree::Glob(g) => {
                // `use super::*`: every item of that module.
                let mut segments = prefix.clone();
                segments.push("*".into());
                self.path(segments, g.star_token.span.start().line);
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn use_leaf(&mut self, prefix: &[String], ident: &syn::Ident) {
        let mut segments = prefix.to_vec();
        segments.push(ident.to_string());
        // `use super::{self}` names the module itself.
        if segments.last().is_some_and(|s| s == "self") {
            segments.pop();
            segments.push("*".into());
        }
        self.path(segments, ident.span().start().line);
    }

    /// Paths written inside a macro call: `a::b::c` token runs.
    fn macro_tokens(&mut self, tokens: proc_macro2::TokenStream) {
        let mut run: Vec<String> = Vec::new();
        let mut line = 0;
        let mut colons = 0;
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Ident(ident) => {
                    if run.is_empty() || colons != 2 {
                        self.path(std::mem::take(&mut run), line);
                        line = ident.span().start().line;
                    }
                    run.push(ident.to_string());
                    colons = 0;
                }
                proc_macro2::TokenTree::Punct(p) if p.as_char() == ':' && !run.is_empty() => {
                    colons += 1;
                }
                other => {
                    self.path(std::mem::take(&mut run), line);
                    colons = 0;
                    if let proc_macro2::TokenTree::Group(group) = other {
                        self.macro_tokens(group.stream());
                    }
                }
            }
        }
        self.path(run, line);
    }
}

impl<'ast> Visit<'ast> for Scan {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !item_attrs(item).is_some_and(is_test_code) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.scope.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.scope.pop();
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.function(&f.sig.ident, &f.sig.fn_token, &f.block);
        let owner = self.owner.take();
        syn::visit::visit_item_fn(self, f);
        self.owner = owner;
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let owner = self.owner.replace(type_name(&i.self_ty));
        syn::visit::visit_item_impl(self, i);
        self.owner = owner;
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let owner = self.owner.replace(t.ident.to_string());
        syn::visit::visit_item_trait(self, t);
        self.owner = owner;
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs = match item {
            syn::ImplItem::Fn(f) => &f.attrs,
            syn::ImplItem::Const(c) => &c.attrs,
            syn::ImplItem::Type(t) => &t.attrs,
            _ => return syn::visit::visit_impl_item(self, item),
        };
        if !is_test_code(attrs) {
            syn::visit::visit_impl_item(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.function(&f.sig.ident, &f.sig.fn_token, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.function(&f.sig.ident, &f.sig.fn_token, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.path(segments, path.span().start().line);
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.macro_tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
}

fn item_attrs(item: &syn::Item) -> Option<&[syn::Attribute]> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => return None,
    })
}

/// The name an impl block is for: `Store` for `impl<T> Trait for Store<T>`.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string()),
        syn::Type::Reference(r) => type_name(&r.elem),
        _ => "_".into(),
    }
}

// --------------------------------------------------------------- cycles --

/// Every cycle through the graph, one per import that lies on a cycle: the
/// shortest cycle through it. Each cycle starts at its smallest file.
fn cycles(graph: &BTreeMap<usize, BTreeMap<usize, Import>>) -> Vec<Vec<usize>> {
    let mut found = BTreeSet::new();
    for (&from, targets) in graph {
        for &to in targets.keys() {
            if let Some(mut back) = shortest_path(graph, to, from) {
                back.pop();
                let mut cycle = vec![from];
                cycle.extend(back);
                let start = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                cycle.rotate_left(start);
                found.insert(cycle);
            }
        }
    }
    found.into_iter().collect()
}

/// The shortest path `from` … `to`, both included.
fn shortest_path(
    graph: &BTreeMap<usize, BTreeMap<usize, Import>>,
    from: usize,
    to: usize,
) -> Option<Vec<usize>> {
    let mut previous: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = BTreeSet::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            let mut path = vec![to];
            let mut at = to;
            while let Some(&p) = previous.get(&at) {
                path.push(p);
                at = p;
            }
            path.reverse();
            return Some(path);
        }
        for &next in graph.get(&node).into_iter().flat_map(BTreeMap::keys) {
            if seen.insert(next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// `a.rs:3 (crate::b::X) → b.rs:7 (super::Y) → a.rs`.
fn describe_cycle(
    tree: &Tree,
    graph: &BTreeMap<usize, BTreeMap<usize, Import>>,
    cycle: &[usize],
) -> String {
    let mut text = String::new();
    for (i, &file) in cycle.iter().enumerate() {
        let next = cycle[(i + 1) % cycle.len()];
        let import = &graph[&file][&next];
        text.push_str(&format!(
            "{}:{} ({}) → ",
            tree.files[file].path, import.line, import.path
        ));
    }
    text.push_str(&tree.files[cycle[0]].path);
    text
}

// ------------------------------------------------- the checker's checks --

mod checker {
    use super::*;

    const ONE_CRATE: &[(&str, &str, bool)] = &[("demo", "src/lib.rs", true)];
    const TWO_LAYERS: &[(&[&str], &str)] = &[(&["low"], "below"), (&["high"], "above")];

    fn analyse_files(files: &[(&str, &str)]) -> Analysis {
        let sources = files
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect();
        analyse(&sources, ONE_CRATE, TWO_LAYERS)
    }

    fn function_of(lines: usize) -> String {
        let body: String = (0..lines - 2)
            .map(|i| format!("    let _x{i} = {i};\n"))
            .collect();
        format!("pub fn long() {{\n{body}}}\n")
    }

    #[test]
    fn a_function_of_81_lines_is_reported_and_one_of_80_is_not() {
        let at_limit = analyse_files(&[("src/lib.rs", &function_of(80))]);
        assert!(
            at_limit.long_functions.is_empty(),
            "{:?}",
            at_limit.long_functions
        );
        assert_eq!(at_limit.functions, 1);
        let source = format!("pub struct S;\nimpl S {{\n{}}}\n", function_of(81));
        let over = analyse_files(&[("src/lib.rs", &source)]);
        assert_eq!(
            over.long_functions,
            ["src/lib.rs:3: fn S::long is 81 lines (at most 80)"]
        );
    }

    #[test]
    fn test_code_may_be_long() {
        let source = format!(
            "#[cfg(test)]\nmod tests {{\n{}}}\n#[test]\n{}",
            function_of(90),
            function_of(90)
        );
        let analysis = analyse_files(&[("src/lib.rs", &source)]);
        assert!(
            analysis.long_functions.is_empty(),
            "{:?}",
            analysis.long_functions
        );
        assert_eq!(analysis.functions, 0);
    }

    #[test]
    fn a_long_file_is_reported() {
        let source = "// a line\n".repeat(MAX_FILE_LINES + 1);
        let analysis = analyse_files(&[("src/lib.rs", &source)]);
        assert_eq!(analysis.long_files, ["src/lib.rs: 501 lines (at most 500)"]);
    }

    #[test]
    fn a_cycle_through_three_files_is_found_with_its_lines() {
        let analysis = analyse_files(&[
            ("src/lib.rs", "mod low;\nmod high;\n"),
            ("src/low/mod.rs", "mod a;\nmod b;\n"),
            ("src/low/a.rs", "use super::b::B;\npub struct A;\n"),
            (
                "src/low/b.rs",
                "pub struct B;\nfn f() {\n    crate::high::h();\n}\n",
            ),
            (
                "src/high.rs",
                "pub fn h() {\n    let _ = crate::low::a::A;\n}\n",
            ),
        ]);
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        assert_eq!(
            analysis.cycles,
            [
                "src/high.rs:2 (crate::low::a::A) → src/low/a.rs:1 (super::b::B) → \
                 src/low/b.rs:3 (crate::high::h) → src/high.rs"
            ]
        );
        assert_eq!(
            analysis.layer_violations,
            ["src/low/b.rs:3: crate::high::h (`low` imports `high` of a higher layer)"]
        );
    }

    #[test]
    fn a_parent_reexporting_a_child_that_imports_it_is_a_cycle() {
        let analysis = analyse_files(&[
            ("src/lib.rs", "pub mod low;\n"),
            (
                "src/low/mod.rs",
                "mod child;\npub use child::C;\npub struct Shared;\n",
            ),
            (
                "src/low/child.rs",
                "use super::Shared;\npub struct C(Shared);\n",
            ),
        ]);
        assert_eq!(
            analysis.cycles,
            ["src/low/mod.rs:2 (child::C) → src/low/child.rs:1 (super::Shared) → src/low/mod.rs"]
        );
        let declared_only = analyse_files(&[
            ("src/lib.rs", "pub mod low;\n"),
            ("src/low/mod.rs", "pub mod child;\npub struct Shared;\n"),
            (
                "src/low/child.rs",
                "use super::Shared;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
            ),
        ]);
        assert!(
            declared_only.cycles.is_empty(),
            "{:?}",
            declared_only.cycles
        );
        assert_eq!(declared_only.imports, 1);
    }

    #[test]
    fn paths_in_macros_and_modules_without_a_layer_are_seen() {
        let analysis = analyse_files(&[
            ("src/lib.rs", "mod low;\nmod stray;\n"),
            (
                "src/low.rs",
                "fn f() {\n    println!(\"{}\", crate::stray::X);\n}\n",
            ),
            ("src/stray.rs", "pub const X: u8 = 1;\n"),
        ]);
        assert_eq!(
            analysis.layer_violations,
            ["src/low.rs:2: crate::stray::X (`stray` has no layer)"]
        );
    }

    #[test]
    fn files_outside_the_module_tree_are_reported() {
        let analysis = analyse_files(&[("src/lib.rs", ""), ("src/orphan.rs", "")]);
        assert_eq!(
            analysis.errors,
            ["src/orphan.rs: not declared as a module of any crate"]
        );
    }
}
