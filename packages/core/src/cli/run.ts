// The AWS SDK warns on every run that Node 20 support ends in 2027; in a CLI whose stderr is part
// of its interface that is noise (opt back in by setting the variable to "false").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await import('./main.js');

// Entry point of the `sagestream` bin.
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTty: Boolean(process.stdout.isTTY),
});
process.stdout.on('error', () => undefined); // a closed pipe (| head) is not a failure
process.exitCode = code;
