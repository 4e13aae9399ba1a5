//! One invocation on one instance, as Lambda runs it: hand the event over, wait for the answer
//! while watching the timeout, the memory and the process, then write the log and REPORT.

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hyper::body::Bytes;
use tokio::sync::oneshot;

use crate::lambda::model::lambda_log::parse_report;
use crate::local_lambda::calls::instance::Instance;
use crate::local_lambda::calls::memory::{self, MemoryUse};
use crate::local_lambda::calls::runner::InvokeContext;
use crate::local_lambda::calls::runtime_api::{Job, Outcome};
use crate::local_lambda::model::local_log::{
    self, EndStatus, ExitKind, Report, compose_log, exit_payload, out_of_memory_payload,
    response_too_large_payload, timeout_payload,
};
use crate::local_lambda::model::runtime_api::{format_request_id, format_trace_id};
use crate::local_lambda::model::{InstanceState, LocalFunction, LocalInvocation};

/// How often a busy instance's memory is measured.
const MEMORY_SAMPLE: Duration = Duration::from_millis(10);

/// Lambda gives a runtime this long to start before its first event (on-demand init).
const INIT_LIMIT: Duration = Duration::from_secs(10);

/// How long to wait for a dead process's last output.
const LAST_OUTPUT: Duration = Duration::from_millis(200);

/// 128 bits that differ on every call (request ids, trace ids, stream names).
pub fn random_u128() -> u128 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = std::collections::hash_map::RandomState::new();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut halves = [0_u64; 2];
    for (i, half) in halves.iter_mut().enumerate() {
        let mut hasher = state.build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(nanos);
        hasher.write_usize(i);
        *half = hasher.finish();
    }
    (u128::from(halves[0]) << 64) | u128::from(halves[1])
}

/// An invocation ready to hand over, and what its driver waits on.
pub struct Prepared {
    request_id: String,
    outcome: oneshot::Receiver<Outcome>,
    handed_over: oneshot::Receiver<(Instant, usize)>,
    timeout_s: u32,
    memory_mb: u32,
    version: String,
    requested: Instant,
}

impl Prepared {
    /// The job to queue on an instance, and the driver's side of it.
    pub fn new(function: &LocalFunction, payload: Vec<u8>, context: &InvokeContext) -> (Job, Self) {
        let request_id = format_request_id(random_u128());
        let epoch_s = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let (outcome_sender, outcome) = oneshot::channel();
        let (handed_sender, handed_over) = oneshot::channel();
        let job = Job {
            request_id: request_id.clone(),
            payload: Bytes::from(payload),
            arn: function.arn.clone(),
            timeout_ms: u64::from(function.timeout_s) * 1000,
            trace_id: format_trace_id(epoch_s, random_u128()),
            // A header value holds visible ASCII only; another context is left out.
            client_context: context.client_context.clone().filter(|c| header_safe(c)),
            cognito_identity: context.cognito_identity.clone().filter(|c| header_safe(c)),
            handed_over: Some(handed_sender),
            outcome: Some(outcome_sender),
        };
        let prepared = Self {
            request_id,
            outcome,
            handed_over,
            timeout_s: function.timeout_s,
            memory_mb: function.memory_mb,
            version: function.version.clone(),
            requested: Instant::now(),
        };
        (job, prepared)
    }
}

/// How the wait for an answer ended.
enum End {
    Answered(Outcome),
    /// The server dropped the invocation without an answer (the instance shut down).
    Lost,
    Exited(ExitKind),
    TimedOut,
    OutOfMemory,
}

/// A finished invocation, and whether its instance may take another.
pub struct Finished {
    pub invocation: LocalInvocation,
    pub keep_instance: bool,
}

/// Waits for `instance` to answer `prepared` (already queued on it) and writes up the result.
pub async fn drive(instance: &Instance, mut prepared: Prepared, cold: bool) -> Finished {
    let timeout = Duration::from_secs(u64::from(prepared.timeout_s));
    let limit_kib = u64::from(prepared.memory_mb) * 1024;
    let mut deadline = tokio::time::Instant::now() + INIT_LIMIT + timeout;
    let mut handed: Option<(Instant, usize)> = None;
    let mut waiting_handover = true;
    let mut peak_kib = 0_u64;
    let mut exit = instance.exit.clone();
    let mut sample = tokio::time::interval(MEMORY_SAMPLE);
    sample.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let end = loop {
        tokio::select! {
            biased;
            outcome = &mut prepared.outcome => {
                break outcome.map_or(End::Lost, End::Answered);
            }
            told = &mut prepared.handed_over, if waiting_handover => {
                waiting_handover = false;
                if let Ok((at, offset)) = told {
                    handed = Some((at, offset));
                    deadline = tokio::time::Instant::from_std(at) + timeout;
                    instance.status().state = InstanceState::Busy;
                }
            }
            kind = async { exit.wait_for(Option::is_some).await.ok().and_then(|k| *k) } => {
                break End::Exited(kind.unwrap_or(ExitKind::Unknown));
            }
            () = tokio::time::sleep_until(deadline) => break End::TimedOut,
            _ = sample.tick() => {
                if let Some(used) = memory::measure(instance.pid) {
                    peak_kib = peak_kib.max(used.peak_kib);
                    instance.status().memory_used_mb = Some(MemoryUse::mb(used.resident_kib));
                    if used.resident_kib > limit_kib {
                        break End::OutOfMemory;
                    }
                }
            }
        }
    };
    let ended_at = Instant::now();
    // The answer is taken first when both are ready: the handover happened all the same.
    if waiting_handover && let Ok(told) = prepared.handed_over.try_recv() {
        handed = Some(told);
    }
    if let Some(used) = memory::measure(instance.pid) {
        peak_kib = peak_kib.max(used.peak_kib);
    }
    // Going over the memory between two samples is going over it all the same.
    let end = match end {
        End::Answered(_) if peak_kib > limit_kib => End::OutOfMemory,
        other => other,
    };
    let keep_instance = matches!(
        end,
        End::Answered(Outcome::Response(..) | Outcome::Error(..) | Outcome::TooLarge(..))
    );
    if keep_instance {
        instance.output.settle().await;
    } else {
        instance.kill();
        instance.api.abandon();
        instance.output.wait_for_end(2, LAST_OUTPUT).await;
    }
    write_up(
        instance,
        prepared,
        cold,
        handed,
        end,
        ended_at,
        peak_kib,
        keep_instance,
    )
}

/// The result as the caller sees it: payload, function error, log and REPORT.
#[allow(clippy::too_many_arguments)]
fn write_up(
    instance: &Instance,
    prepared: Prepared,
    cold: bool,
    handed: Option<(Instant, usize)>,
    end: End,
    ended_at: Instant,
    peak_kib: u64,
    keep_instance: bool,
) -> Finished {
    let id = prepared.request_id.clone();
    let unhandled = Some("Unhandled".to_owned());
    let mut max_memory_mb = MemoryUse::mb(peak_kib);
    let mut extra_line = None;
    let (payload, function_error, status, error_type, answered_at) = match end {
        End::Answered(Outcome::Response(body, at)) => {
            (body.to_vec(), None, EndStatus::Done, None, at)
        }
        End::Answered(Outcome::Error(_, body, at)) => {
            (body.to_vec(), unhandled, EndStatus::Done, None, at)
        }
        End::Answered(Outcome::TooLarge(size, at)) => (
            response_too_large_payload(size).into_bytes(),
            unhandled,
            EndStatus::Done,
            None,
            at,
        ),
        End::Answered(Outcome::InitError(error_type, body, at)) => (
            body.to_vec(),
            unhandled,
            EndStatus::Error,
            Some(error_type.unwrap_or_else(|| "Runtime.Unknown".to_owned())),
            at,
        ),
        End::Lost => (
            exit_payload(&id, ExitKind::Unknown).into_bytes(),
            unhandled,
            EndStatus::Error,
            Some("Runtime.ExitError".to_owned()),
            ended_at,
        ),
        End::Exited(kind) => (
            exit_payload(&id, kind).into_bytes(),
            unhandled,
            EndStatus::Error,
            Some("Runtime.ExitError".to_owned()),
            ended_at,
        ),
        End::TimedOut => {
            let now_ms = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            extra_line = Some(local_log::timeout_log_line(now_ms, &id, prepared.timeout_s));
            (
                timeout_payload(&id, prepared.timeout_s).into_bytes(),
                unhandled,
                EndStatus::Timeout,
                None,
                ended_at,
            )
        }
        End::OutOfMemory => {
            max_memory_mb = prepared.memory_mb;
            (
                out_of_memory_payload(&id).into_bytes(),
                unhandled,
                EndStatus::Error,
                Some("Runtime.OutOfMemory".to_owned()),
                ended_at,
            )
        }
    };
    let (handed_at, offset) = handed.map_or((None, usize::MAX), |(at, offset)| (Some(at), offset));
    let duration_ms = handed_at.map_or(0.0, |at| ms(answered_at.saturating_duration_since(at)));
    let init_duration_ms = cold.then(|| {
        ms(handed_at
            .unwrap_or(answered_at)
            .saturating_duration_since(instance.started))
    });
    let report = Report {
        request_id: id.clone(),
        duration_ms,
        memory_size_mb: prepared.memory_mb,
        max_memory_used_mb: max_memory_mb,
        init_duration_ms,
        status,
        error_type,
    };
    let (mut output, truncated) = instance.output.take();
    let offset = offset.min(output.len());
    let mut during = output.split_off(offset);
    if let Some(line) = extra_line {
        during.extend_from_slice(line.as_bytes());
    }
    let log = compose_log(&output, &during, truncated, &prepared.version, &report);
    let parsed = parse_report(&log).unwrap_or_default();
    let invocation = LocalInvocation {
        request_id: id,
        payload,
        function_error,
        log,
        report: parsed,
        cold_start: cold,
        instance_id: instance.id,
        round_trip: prepared.requested.elapsed(),
    };
    Finished {
        invocation,
        keep_instance,
    }
}

fn header_safe(value: &str) -> bool {
    value.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
