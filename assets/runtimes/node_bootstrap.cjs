'use strict';
// Stratus's Node.js runtime shim: speaks the Lambda Runtime API with node:http only. It loads
// the handler named by _HANDLER (`module.function`, `dir/module.function`; .js, .cjs or .mjs),
// then loops: take the next event, call the handler (async, or callback style with three
// parameters) with Lambda's context, post the result or the error as Lambda's Node runtime does.

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

const API = process.env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001';
const split = API.lastIndexOf(':');
const HOST = API.slice(0, split);
const PORT = Number(API.slice(split + 1));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: HOST, port: PORT, method, path: '/2018-06-01/runtime' + route, agent, headers: headers || {} },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

function errorBody(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || (error.constructor && error.constructor.name) || 'Error',
      errorMessage: error.message,
      trace: String(error.stack || '').split('\n'),
    };
  }
  let message;
  try { message = typeof error === 'string' ? error : JSON.stringify(error); } catch (e) { message = String(error); }
  return { errorType: typeof error, errorMessage: message, trace: [] };
}

function postError(route, body) {
  return call('POST', route, JSON.stringify(body), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': body.errorType,
  });
}

let currentRequestId;
// What ends the running invocation once the event loop empties: its callback's answer (held
// while callbackWaitsForEmptyEventLoop), else null when the handler never answered.
let onEmptyLoop;
process.on('beforeExit', () => { if (onEmptyLoop) onEmptyLoop(); });
// Lambda's Node runtime prefixes each console line with the time, the request id and the level.
for (const [name, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  const stream = name === 'warn' || name === 'error' ? process.stderr : process.stdout;
  console[name] = (...args) => {
    stream.write(`${new Date().toISOString()}\t${currentRequestId || 'undefined'}\t${level}\t${util.format(...args)}\n`);
  };
}

async function initFailed(errorType, message, error) {
  const body = error ? errorBody(error) : { trace: [] };
  body.errorType = errorType;
  body.errorMessage = message;
  // Logged as Lambda's runtime logs it: "Uncaught Exception" and the error as JSON.
  process.stderr.write(`${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify(body)}\n`);
  try { await postError('/init/error', body); } finally { process.exit(1); }
}

async function loadHandler() {
  const spec = process.env._HANDLER || '';
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const slash = spec.lastIndexOf('/');
  const dir = spec.slice(0, slash + 1);
  const rest = spec.slice(slash + 1);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) {
    return initFailed('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  }
  const moduleName = dir + rest.slice(0, dot);
  const handlerPath = rest.slice(dot + 1).split('.');
  const file = ['.js', '.mjs', '.cjs'].map((ext) => path.resolve(root, moduleName + ext)).find((f) => fs.existsSync(f));
  if (!file) {
    return initFailed('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  }
  let loaded;
  try {
    loaded = await import(pathToFileURL(file).href);
  } catch (error) {
    // As Lambda's runtime: a syntax error and a missing module are the runtime's own errors;
    // anything else the module's top-level code throws is reported as itself.
    if (error instanceof SyntaxError) {
      return initFailed('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`, error);
    }
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) {
      return initFailed('Runtime.ImportModuleError', `${error.name}: ${error.message}`, error);
    }
    const thrown = errorBody(error);
    return initFailed(thrown.errorType, thrown.errorMessage, error);
  }
  const find = (root) => handlerPath.reduce((value, key) => (value == null ? undefined : value[key]), root);
  let handler = find(loaded);
  if (typeof handler !== 'function') handler = find(loaded.default);
  if (typeof handler !== 'function') {
    return initFailed('Runtime.HandlerNotFound', `${moduleName}.${handlerPath.join('.')} is undefined or not exported`);
  }
  return handler;
}

function parseJsonHeader(value) {
  if (!value) return undefined;
  try { return JSON.parse(value); } catch (e) { return undefined; }
}

async function invoke(handler, next) {
  const headers = next.headers;
  const requestId = String(headers['lambda-runtime-aws-request-id'] || '');
  currentRequestId = requestId;
  const deadline = Number(headers['lambda-runtime-deadline-ms'] || 0);
  if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
  let settle;
  const settled = new Promise((resolve) => { settle = resolve; });
  let done = false;
  const finish = (error, result) => {
    if (done) return;
    done = true;
    settle({ error, result });
  };
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parseJsonHeader(headers['lambda-runtime-cognito-identity']),
    clientContext: parseJsonHeader(headers['lambda-runtime-client-context']),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    done: (error, result) => finish(error || undefined, result),
    succeed: (result) => finish(undefined, result),
    fail: (error) => finish(error || new Error('handled')),
  };
  // As Lambda's runtime: the callback's answer is sent once the event loop is empty (timers,
  // sockets the handler left open), unless the handler set callbackWaitsForEmptyEventLoop false.
  let called = false;
  const callback = (error, result) => {
    if (done || called) return;
    called = true;
    if (context.callbackWaitsForEmptyEventLoop) {
      onEmptyLoop = () => finish(error, result);
    } else {
      finish(error, result);
    }
  };
  let event;
  try {
    event = next.body.length ? JSON.parse(next.body.toString('utf8')) : undefined;
  } catch (error) {
    finish(error);
  }
  if (!done) {
    // As Lambda's runtime: the callback is always given; a promise's outcome is the result;
    // otherwise the callback, context.done/succeed/fail, or the event loop emptying (null) is.
    onEmptyLoop = () => finish(undefined, null);
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') {
        returned.then((result) => finish(undefined, result), (error) => finish(error === undefined ? new Error('undefined') : error));
      }
    } catch (error) {
      finish(error);
    }
  }
  const { error, result } = await settled;
  onEmptyLoop = undefined;
  const base = `/invocation/${requestId}`;
  if (error !== undefined && error !== null) {
    const body = errorBody(error);
    process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(body)}\n`);
    await postError(base + '/error', body);
    return;
  }
  let data;
  try {
    data = result === undefined ? 'null' : JSON.stringify(result);
    if (data === undefined) data = 'null';
  } catch (marshal) {
    await postError(base + '/error', { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${marshal.message}`, trace: [] });
    return;
  }
  await call('POST', base + '/response', data, { 'Content-Type': 'application/json' });
}

async function main() {
  const handler = await loadHandler();
  // As Lambda's runtime does: an error escaping the handler fails the invocation and the instance.
  process.on('unhandledRejection', (reason) => { throw reason instanceof Error ? reason : new Error(String(reason)); });
  process.on('uncaughtException', async (error) => {
    const body = errorBody(error);
    try { if (currentRequestId) await postError(`/invocation/${currentRequestId}/error`, body); } finally { process.exit(129); }
  });
  for (;;) {
    const next = await call('GET', '/invocation/next');
    if (next.status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      continue;
    }
    await invoke(handler, next);
  }
}

main().catch((error) => {
  process.stderr.write(`${String(error && error.stack || error)}\n`);
  process.exit(1);
});
