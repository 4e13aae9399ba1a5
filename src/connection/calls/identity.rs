//! Who a connection is: STS GetCallerIdentity, the one call every identity may make.

use crate::connection::calls::AwsClients;
use crate::connection::model::health::Identity;
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::model::ServiceError;

/// The account and ARN the connection's credentials belong to. It needs no IAM permission, so
/// its failing says the credentials or the endpoint do not work (or, on emulators without STS,
/// nothing: see `health::classify`).
pub async fn caller_identity(clients: &AwsClients) -> Result<Identity, ServiceError> {
    let answer = clients
        .sts
        .get_caller_identity()
        .send()
        .await
        .or_classify("GetCallerIdentity", clients)?;
    Ok(Identity {
        account: answer.account().unwrap_or_default().to_owned(),
        arn: answer.arn().unwrap_or_default().to_owned(),
    })
}
