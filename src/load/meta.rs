//! `metadata` (ObjectMeta): the name, namespace, labels and annotations the
//! simulator uses, and `ValidateObjectMeta`'s checks of the name and
//! namespace. Server-written fields (uid, resourceVersion, managedFields,
//! creationTimestamp, ...) are known and passed over, so `kubectl get -o yaml`
//! output loads without complaint.

use super::fields::{Cx, Fields, object, string, string_map};
use super::schema;
use super::validate::{DnsName, invalid_name};
use crate::spec::Labels;

#[derive(Default)]
pub struct Meta {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub labels: Labels,
    pub annotations: Labels,
}

/// The rule an object's kind sets for its name (`ValidateObjectMeta`'s
/// `nameFn`). A pod template's metadata has none: its name is not used.
#[derive(Clone, Copy)]
pub struct NameRule {
    pub form: DnsName,
    /// A shorter limit the kind adds: a CronJob's Jobs are named after it
    /// with an 11-character suffix, and must still fit in 63 characters.
    pub max_len: Option<usize>,
}

/// Reads `metadata` from an object's fields; absent metadata reads as empty.
/// With a `NameRule`, the name, generateName and namespace are checked as the
/// API server checks them.
pub fn metadata(cx: &mut Cx, object_fields: &Fields, names: Option<NameRule>) -> Meta {
    let mut meta = Meta::default();
    let Some(f) = object_fields.get("metadata") else { return meta };
    let Some(fields) = object(cx, f.value, &f.path, &schema::METADATA) else { return meta };
    let text = |cx: &mut Cx, name: &str, form: Option<DnsName>, prefix: bool| {
        let field = fields.get(name)?;
        let text = string(cx, &field).filter(|s| !s.is_empty())?;
        if let Some(form) = form {
            let (checked, nearest) =
                if prefix { (mask_trailing_dash(text), None) } else { (text.to_string(), form.nearest_valid(text)) };
            invalid_name(cx, field.value.span, &field.path, text, &form.errors(&checked), nearest);
        }
        Some((text.to_string(), field))
    };
    let form = names.map(|rule| rule.form);
    // A generated name gets a random suffix from the API server; the prefix
    // is the best stand-in for it.
    let generated = text(cx, "generateName", form, true).map(|(name, _)| name);
    if let Some((name, field)) = text(cx, "name", form, false) {
        if let Some(max) = names.and_then(|rule| rule.max_len).filter(|&max| name.len() > max) {
            cx.error(
                field.value.span,
                &field.path,
                format!("Invalid value: {name:?}: must be no more than {max} characters"),
            );
        }
        meta.name = Some(name);
    }
    meta.name = meta.name.or(generated);
    // Namespaces are RFC 1123 labels (`ValidateNamespaceName`).
    meta.namespace = text(cx, "namespace", names.map(|_| DnsName::Label), false).map(|(namespace, _)| namespace);
    if let Some(lf) = fields.get("labels") {
        meta.labels = string_map(cx, &lf);
    }
    if let Some(af) = fields.get("annotations") {
        meta.annotations = string_map(cx, &af);
    }
    meta
}

/// `maskTrailingDash`: a generateName is checked as a name with something in
/// place of its trailing dash, as the random suffix will follow it. Like the
/// API server, this replaces the last two bytes with `a`.
fn mask_trailing_dash(prefix: &str) -> String {
    let bytes = prefix.as_bytes();
    if bytes.len() > 1 && prefix.ends_with('-') {
        String::from_utf8_lossy(&[&bytes[..bytes.len() - 2], b"a"].concat()).into_owned()
    } else {
        prefix.to_string()
    }
}
