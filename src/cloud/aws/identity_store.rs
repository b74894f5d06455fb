//! The identity store: group and user ids by their unique attributes.

use super::*;
use aws_sdk_identitystore::types::{AlternateIdentifier, UniqueAttribute};

pub(super) async fn call(c: &Clients, t: &Target, op: &Op) -> Result<Reply, CloudError> {
    match op {
        Op::GetGroupId {
            identity_store_id,
            display_name,
        } => {
            let r = c
                .identity_store
                .get_group_id()
                .identity_store_id(identity_store_id)
                .alternate_identifier(alternate("displayName", display_name))
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Id(r.group_id().to_string()))
        }
        Op::GetUserId {
            identity_store_id,
            user_name,
        } => {
            let r = c
                .identity_store
                .get_user_id()
                .identity_store_id(identity_store_id)
                .alternate_identifier(alternate("userName", user_name))
                .send()
                .await
                .or_cloud(t, op)?;
            Ok(Reply::Id(r.user_id().to_string()))
        }
        Op::ListGroups { identity_store_id } => {
            let mut names = vec![];
            let mut pages = c
                .identity_store
                .list_groups()
                .identity_store_id(identity_store_id)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                names.extend(
                    page.or_cloud(t, op)?
                        .groups()
                        .iter()
                        .filter_map(|g| g.display_name().map(str::to_string)),
                );
            }
            Ok(Reply::Ids(names))
        }
        Op::ListUsers { identity_store_id } => {
            let mut names = vec![];
            let mut pages = c
                .identity_store
                .list_users()
                .identity_store_id(identity_store_id)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                names.extend(
                    page.or_cloud(t, op)?
                        .users()
                        .iter()
                        .filter_map(|u| u.user_name().map(str::to_string)),
                );
            }
            Ok(Reply::Ids(names))
        }
        other => Err(misrouted(other)),
    }
}

fn alternate(path: &str, value: &str) -> AlternateIdentifier {
    AlternateIdentifier::UniqueAttribute(
        UniqueAttribute::builder()
            .attribute_path(path)
            .attribute_value(aws_smithy_types::Document::String(value.to_string()))
            .build()
            .expect("path and value are set"),
    )
}
