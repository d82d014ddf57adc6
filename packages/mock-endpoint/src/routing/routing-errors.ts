import type { ServiceError } from '../service/service-errors.js';

// Only the missing-component message is a real capture (ErrorCode and text, 3P: BerriAI/litellm
// #37766, aws-samples/amazon-kendra-langchain-extensions#64). The others follow the service's
// "Endpoint X of account Y not found." style and are the mock's choice [INF].

function validation(errorCode: string, message: string): ServiceError {
  return { status: 400, errorType: 'ValidationError', body: { ErrorCode: errorCode, Message: message } };
}

/** An endpoint with inference components invoked without InferenceComponentName (real text). */
export function componentNameMissingError(): ServiceError {
  return validation(
    'INFERENCE_COMPONENT_NAME_MISSING',
    'Inference Component Name header is required for endpoints to which you plan to deploy inference components. Please include Inference Component Name header or consider using SageMaker models.',
  );
}

/** InferenceComponentName names no component of the endpoint. */
export function componentNotFoundError(options: { component: string; endpoint: string; accountId: string }): ServiceError {
  return validation('VALIDATION_ERROR', `Inference Component ${options.component} of endpoint ${options.endpoint} of account ${options.accountId} not found.`);
}

/** InferenceComponentName sent to an endpoint that hosts models, not components. */
export function componentNotSupportedError(endpoint: string): ServiceError {
  return validation('VALIDATION_ERROR', `Endpoint ${endpoint} does not host inference components. Remove the Inference Component Name header or deploy inference components to the endpoint.`);
}

/** TargetVariant names no variant of the endpoint (or one that does not host the component). */
export function variantNotFoundError(options: { variant: string; endpoint: string; accountId: string; component?: string }): ServiceError {
  const where = options.component ? ` hosting inference component ${options.component}` : '';
  return validation('VALIDATION_ERROR', `Variant ${options.variant}${where} of endpoint ${options.endpoint} of account ${options.accountId} not found.`);
}

/** A session id the platform does not know, or no longer knows. */
export function sessionError(options: { sessionId: string; endpoint: string; why: 'unknown' | 'closed' | 'expired' | 'elsewhere' }): ServiceError {
  const { sessionId, endpoint, why } = options;
  const reason = { unknown: 'was not found', closed: 'is closed', expired: 'has expired', elsewhere: 'belongs to another inference component' }[why];
  return validation('VALIDATION_ERROR', `Session ${sessionId} of endpoint ${endpoint} ${reason}. Create a session with SessionId NEW_SESSION on InvokeEndpoint.`);
}
