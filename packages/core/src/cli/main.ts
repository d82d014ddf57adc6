import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CONTAINER_FORMATS } from '../formats/token-part.js';
import { EXIT, type CliIo } from './cli-io.js';
import { addBidiOptions, runBidiCommand, type BidiCliOptions } from './bidi-command.js';
import { runChatCommand } from './chat-command.js';
import { runDecodeCommand } from './decode-command.js';
import { runEndpointsCommand, type EndpointsCliOptions } from './endpoints-command.js';
import { addEndpointOptions, type EndpointCliOptions } from './endpoint-options.js';
import { runInvokeCommand } from './invoke-command.js';

/** The version of this package: package.json is two folders up from both `src/cli` and `dist/cli`. */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const FORMAT_CHOICES = ['auto', ...CONTAINER_FORMATS];

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return parsed;
}

/** Builds the `sagestream` command tree; actions record their exit code in `result`. */
function createProgram(io: CliIo, result: { code: number }): Command {
  const program = new Command('sagestream')
    .description('Stream LLM responses from Amazon SageMaker endpoints (InvokeEndpointWithResponseStream) from a terminal.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  program
    .command('decode')
    .description('Decode a raw InvokeEndpointWithResponseStream HTTP body (event-stream bytes) and print the generated text as it arrives.')
    .argument('[file]', 'the body to decode; "-" or nothing reads stdin')
    .option('--content-type <type>', "the container's content type (X-Amzn-SageMaker-Content-Type), e.g. application/jsonlines or text/event-stream; detected when omitted")
    .addOption(new Option('--format <format>', 'container output format').choices(FORMAT_CHOICES).default('auto'))
    .option('--json', 'print one token part per line (NDJSON) instead of text')
    .option('--include-special-tokens', 'print special tokens such as </s> (dropped by default)')
    .option('--max-line-bytes <n>', 'longest accepted JSON line / SSE event (default 1048576)', positiveInteger)
    .addHelpText('after', '\nExit codes: 0 ok; 1 the stream ended with an error or the input is corrupt; 2 usage error.\n\nExample:\n  sagestream decode --json body.bin\n  curl … | sagestream decode --content-type text/event-stream -')
    .action(async (file: string | undefined, options: { contentType?: string; format: string; json?: boolean; includeSpecialTokens?: boolean; maxLineBytes?: number }) => {
      result.code = await runDecodeCommand(
        {
          ...(file ? { file } : {}),
          ...(options.contentType ? { contentType: options.contentType } : {}),
          format: options.format as never,
          json: options.json ?? false,
          includeSpecialTokens: options.includeSpecialTokens ?? false,
          ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}),
        },
        io,
      );
    });

  addEndpointOptions(
    program
      .command('invoke')
      .description('Send one prompt (argument or stdin) and stream the reply to stdout; metrics on stderr.')
      .argument('[prompt...]', 'the prompt; read from stdin when omitted'),
  )
    .addHelpText('after', `
Exit codes: 0 ok; 1 a service, model or stream error (the text received so far stays printed); 2 usage error.

Examples:
  sagestream invoke -e mock-messages --endpoint-url http://127.0.0.1:8080 "Explain SSE in one paragraph"
  sagestream invoke -e mock-vllm --endpoint-url http://127.0.0.1:8080 "Why is the sky blue?"   (reasoning on stderr)
  sagestream invoke -e my-endpoint --inference-component llama-ic --target-variant blue "Hi"
  echo "Hello" | sagestream invoke -e my-llm --region us-east-1 --profile dev --format tgi --template llama3 --json`)
    .action(async (prompt: string[], options: EndpointCliOptions) => {
      result.code = await runInvokeCommand(prompt, options, io);
    });

  addEndpointOptions(program.command('chat').description('Chat interactively with an endpoint (history kept; Ctrl-C stops a reply; /exit, /reset, /system TEXT).'))
    .option('--session', 'run the chat in one stateful session (opened with NEW_SESSION, closed on exit; /reset opens a new one)')
    .addHelpText('after', `
Examples:
  sagestream chat -e mock-messages --endpoint-url http://127.0.0.1:8080 --system "Be brief."
  sagestream chat -e mock-lmi-async --endpoint-url http://127.0.0.1:8080 --session
  sagestream chat -e my-endpoint --inference-component llama-ic --target-variant blue --region us-east-1`)
    .action(async (options: EndpointCliOptions) => {
      result.code = await runChatCommand(options, io);
    });

  program
    .command('endpoints')
    .description('List the endpoints (and inference components) of a profile/region: status, instances, model, container and the detected request format.')
    .option('--endpoint-url <url>', 'control-plane override, e.g. http://127.0.0.1:8080 for the mock (default: AWS_ENDPOINT_URL_SAGEMAKER)')
    .option('--region <region>', "AWS region (default: AWS_REGION or the profile's region)")
    .option('--profile <name>', 'AWS profile')
    .option('--status <status>', 'EndpointStatus to list: InService (default), Creating, Updating, Failed, …', 'InService')
    .option('--name-contains <text>', 'only endpoints whose name contains this')
    .option('--json', 'print the endpoints as JSON (variants, components, images, environments, formats)')
    .option('--discovery-timeout <ms>', 'time budget on the control plane (default 4000)', positiveInteger)
    .addHelpText('after', `
Needs the IAM actions sagemaker:ListEndpoints, DescribeEndpoint, DescribeEndpointConfig, DescribeModel,
ListInferenceComponents and DescribeInferenceComponent. Exit codes: 0 ok; 1 the control plane failed; 2 usage error.

Example:
  sagestream endpoints --endpoint-url http://127.0.0.1:8080
  sagestream endpoints --profile dev --region us-west-2 --json`)
    .action(async (options: EndpointsCliOptions) => {
      result.code = await runEndpointsCommand(options, io);
    });

  addBidiOptions(program.command('bidi').description('Bidirectional streaming (SageMaker Runtime HTTP2): each stdin line is sent as one UTF8 COMPLETE part, replies print as they arrive.'))
    .addHelpText('after', `
Exit codes: 0 ok; 1 a service, model or stream error; 2 usage error.

Examples:
  sagestream bidi -e mock-bidi-chat --endpoint-url http://127.0.0.1:8080
  sagestream bidi -e mock-bidi-transcribe --endpoint-url http://127.0.0.1:8080 --file audio.raw --chunk-bytes 3200 --interval-ms 100 --json`)
    .action(async (options: BidiCliOptions) => {
      result.code = await runBidiCommand(options, io);
    });

  return program;
}

/** Runs `sagestream` with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const result = { code: EXIT.ok as number };
  const program = createProgram(io, result);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every parse problem is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
}
