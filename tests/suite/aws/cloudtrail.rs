//! CloudTrail on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn cloudtrail_is_asked_for_one_event_name_across_pages_and_read_for_on_behalf_of() {
    let json = |source: &str| {
        format!(
            r#"{{"eventName":"GetDataAccess","eventSource":"{source}","userIdentity":{{"onBehalfOf":{{"userId":"u-1","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-1234567890"}}}}}}"#
        )
    };
    let page1 = json("lakeformation.amazonaws.com");
    let page2 = json("s3.amazonaws.com");
    let rule = mock!(aws_sdk_cloudtrail::Client::lookup_events)
        .match_requests(|r| {
            r.lookup_attributes().len() == 1
                && r.lookup_attributes()[0].attribute_key() == &aws_sdk_cloudtrail::types::LookupAttributeKey::EventName
                && r.lookup_attributes()[0].attribute_value() == "GetDataAccess"
                && r.start_time().is_some()
        })
        .sequence()
        .output(move || {
            aws_sdk_cloudtrail::operation::lookup_events::LookupEventsOutput::builder()
                .events(
                    aws_sdk_cloudtrail::types::Event::builder()
                        .event_name("GetDataAccess")
                        .cloud_trail_event(page1.clone())
                        .build(),
                )
                .next_token("more")
                .build()
        })
        .output(move || {
            aws_sdk_cloudtrail::operation::lookup_events::LookupEventsOutput::builder()
                .events(
                    aws_sdk_cloudtrail::types::Event::builder()
                        .event_name("GetDataAccess")
                        .cloud_trail_event(page2.clone())
                        .build(),
                )
                .build()
        })
        .build();
    let mut c = idle_clients();
    c.cloudtrail = mock_client!(aws_sdk_cloudtrail, [&rule]);
    let c = cloud(c);
    let events = call(
        &c,
        Op::LookupEvents {
            event_name: "GetDataAccess".into(),
            start_ms: 0,
        },
    )
    .unwrap()
    .events()
    .unwrap();
    assert_eq!(rule.num_calls(), 2);
    let sources: Vec<&str> = events.iter().map(|e| e.event_source.as_str()).collect();
    assert_eq!(sources, ["lakeformation.amazonaws.com", "s3.amazonaws.com"]);
    assert!(events.iter().all(|e| e.on_behalf_of_user_id.as_deref() == Some("u-1")));
}
