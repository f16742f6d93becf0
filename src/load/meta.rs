//! `metadata` (ObjectMeta): the name, namespace, labels and annotations the
//! simulator uses. Server-written fields (uid, resourceVersion, managedFields,
//! creationTimestamp, ...) are known and passed over, so `kubectl get -o yaml`
//! output loads without complaint.

use super::fields::{Cx, Fields, object, string, string_map};
use super::schema;
use crate::spec::Labels;

#[derive(Default)]
pub struct Meta {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub labels: Labels,
    pub annotations: Labels,
}

/// Reads `metadata` from an object's fields; absent metadata reads as empty.
pub fn metadata(cx: &mut Cx, object_fields: &Fields) -> Meta {
    let mut meta = Meta::default();
    let Some(f) = object_fields.get("metadata") else { return meta };
    let Some(fields) = object(cx, f.value, &f.path, &schema::METADATA) else { return meta };
    let text = |cx: &mut Cx, name: &str| {
        fields.get(name).and_then(|f| string(cx, &f)).filter(|s| !s.is_empty()).map(str::to_string)
    };
    // A generated name gets a random suffix from the API server; the prefix
    // is the best stand-in for it.
    meta.name = text(cx, "name").or_else(|| text(cx, "generateName"));
    meta.namespace = text(cx, "namespace");
    if let Some(lf) = fields.get("labels") {
        meta.labels = string_map(cx, &lf);
    }
    if let Some(af) = fields.get("annotations") {
        meta.annotations = string_map(cx, &af);
    }
    meta
}
