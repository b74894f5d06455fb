//! CloudTrail event history.

use super::*;

pub(super) async fn call(c: &Clients, clock: &dyn Clock, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::LookupEvents { event_name, start_ms } => {
            let mut out = Vec::new();
            // One lookup attribute per call is all the API takes; the rest is filtered here.
            let mut pages = c
                .cloudtrail
                .lookup_events()
                .lookup_attributes(
                    aws_sdk_cloudtrail::types::LookupAttribute::builder()
                        .attribute_key(aws_sdk_cloudtrail::types::LookupAttributeKey::EventName)
                        .attribute_value(event_name)
                        .build()
                        .map_err(|e| CloudError::invalid(op, e.to_string()))?,
                )
                .start_time(aws_smithy_types::DateTime::from_millis(*start_ms as i64))
                .into_paginator()
                .send();
            let mut first = true;
            while let Some(page) = pages.next().await {
                // The service allows about two calls a second: pace the pages.
                if !first {
                    clock.sleep_ms(500).await;
                }
                first = false;
                for e in page.or_cloud(t, op)?.events() {
                    let time = e.event_time().map(|d| d.to_millis().unwrap_or(0) as u64).unwrap_or(0);
                    out.push(trail_event(event_name, time, e.cloud_trail_event().unwrap_or("{}")));
                }
            }
            Ok(Reply::Events(out))
        }
        other => Err(misrouted(other)),
    }
}

/// One CloudTrail record, read from its JSON: who the access was for, and from which service.
fn trail_event(name: &str, time_ms: u64, json: &str) -> TrailEvent {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let behalf = &v["userIdentity"]["onBehalfOf"];
    TrailEvent {
        event_name: v["eventName"].as_str().unwrap_or(name).to_string(),
        event_source: v["eventSource"].as_str().unwrap_or_default().to_string(),
        time_ms,
        on_behalf_of_user_id: behalf["userId"].as_str().map(str::to_string),
        identity_store_arn: behalf["identityStoreArn"].as_str().map(str::to_string),
        lake_formation_principal: v["additionalEventData"]["lakeFormationPrincipal"]
            .as_str()
            .map(str::to_string),
    }
}
