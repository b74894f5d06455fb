//! STS on mocked SDK clients: what each request carries and how answers read.

use super::*;
use aws_smithy_mocks::{mock, mock_client};
use tipwiz::cloud::*;

#[test]
fn the_caller_is_read() {
    let who = mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
        aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput::builder()
            .account("111122223333")
            .arn("arn:aws:sts::111122223333:assumed-role/Admin/alice")
            .build()
    });
    let c = cloud(clients(Some(mock_client!(aws_sdk_sts, [&who])), None, None, None));
    assert_eq!(
        call(&c, Op::GetCallerIdentity).unwrap().caller().unwrap().0,
        "111122223333"
    );
}
