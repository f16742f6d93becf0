//! Services: the selector and ports that decide which pods' readiness reaches
//! the EndpointSlices (kubelet-semantics §11), with the defaults and port
//! checks of `SetDefaults_Service` and `ValidateService`.

use super::fields::{
    Cx, IntOrString, boolean, child, index, int_or_string, int32, list, object, start, string, string_map, unsupported,
};
use super::meta::{NameRule, metadata};
use super::schema;
use super::validate::{DnsName, dns_name, port_num_or_name, port_number, protocol};
use crate::spec::{PortRef, Service, ServicePort};
use crate::yaml::Node;

pub fn service(cx: &mut Cx, root: &Node, path: &str) -> Option<Service> {
    let fields = object(cx, root, path, &schema::OBJECT)?;
    // Service names are RFC 1035 labels (`ValidateServiceName`): they become
    // DNS names and environment variable names in every pod.
    let meta = metadata(cx, &fields, Some(NameRule { form: DnsName::Dns1035Label, max_len: None }));
    if meta.name.is_none() {
        cx.error(start(root), &child(path, "metadata.name"), "Required value: name or generateName is required");
    }
    let mut service = Service {
        name: meta.name.unwrap_or_default(),
        namespace: meta.namespace.unwrap_or_else(|| "default".to_string()),
        selector: Default::default(),
        ports: Vec::new(),
        service_type: "ClusterIP".to_string(),
        publish_not_ready_addresses: false,
        span: start(root),
    };
    let Some(sf) = fields.get("spec") else { return Some(service) };
    let spec = object(cx, sf.value, &sf.path, &schema::SERVICE_SPEC)?;
    if let Some(f) = spec.get("selector") {
        service.selector = string_map(cx, &f);
    }
    if let Some(f) = spec.get("type") {
        match string(cx, &f) {
            Some(t @ ("ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName")) => {
                service.service_type = t.to_string()
            }
            Some(other) => unsupported(cx, &f, other, &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]),
            None => {}
        }
    }
    if let Some(f) = spec.get("publishNotReadyAddresses") {
        service.publish_not_ready_addresses = boolean(cx, &f).unwrap_or(false);
    }
    if let Some(pf) = spec.get("ports") {
        let items = list(cx, &pf);
        // With several ports each needs a name, so that EndpointSlices can tell them apart.
        let names_required = items.len() > 1;
        let mut names = std::collections::HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let errors_before = cx.errors();
            let Some(port) = object(cx, item, &index(&pf.path, i), &schema::SERVICE_PORT) else { continue };
            let name_field = port.get("name");
            let name = name_field.as_ref().and_then(|f| string(cx, f)).filter(|n| !n.is_empty()).map(str::to_string);
            // `validateServicePort`: a port's name is an RFC 1123 label (not
            // an IANA service name, as a container port's is), unique in the Service.
            if let (Some(name), Some(f)) = (&name, &name_field) {
                dns_name(cx, f.value.span, &f.path, DnsName::Label, name);
                if !names.insert(name.clone()) {
                    cx.error(f.value.span, &f.path, format!("Duplicate value: {name:?}"));
                }
            }
            if names_required && name.is_none() {
                cx.error(
                    start(item),
                    &port.path_of("name"),
                    "Required value: each port needs a name when a Service has more than one",
                );
            }
            if let Some(f) = port.get("protocol") {
                protocol(cx, &f);
            }
            let number = match port.get("port") {
                Some(f) => int32(cx, &f).filter(|&n| port_number(cx, &f, n)),
                None => {
                    cx.error(
                        start(item),
                        &port.path_of("port"),
                        "Required value: each Service port needs a port number",
                    );
                    None
                }
            };
            let target_port = port.get("targetPort").and_then(|f| match int_or_string(cx, &f)? {
                // Unset: defaulted to the port below.
                IntOrString::Int(0) | IntOrString::Str("") => None,
                value => port_num_or_name(cx, &f, value),
            });
            let node_port = port.get("nodePort").and_then(|f| int32(cx, &f));
            if let (Some(number), true) = (number, cx.errors() == errors_before) {
                // SetDefaults_Service: targetPort defaults to port.
                let target_port = target_port.unwrap_or(PortRef::Number(number));
                service.ports.push(ServicePort { name, port: number, target_port, node_port });
            }
        }
    }
    Some(service)
}
