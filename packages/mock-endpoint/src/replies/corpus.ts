/** One built-in answer; `keywords` pick it when the prompt mentions one of them. */
export interface CorpusEntry {
  id: string;
  keywords: readonly string[];
  text: string;
}

/**
 * Realistic assistant answers for demos and tests: markdown, lists, code blocks, accents, CJK and
 * emoji, so that multi-byte UTF-8 characters get split across PayloadParts in random chunking.
 */
export const BUILT_IN_CORPUS: readonly CorpusEntry[] = [
  {
    id: 'streaming-overview',
    keywords: ['stream', 'sagemaker', 'endpoint', 'payloadpart'],
    text: `Response streaming lets a SageMaker endpoint send tokens as soon as the model produces them, instead of waiting for the whole answer.

Here is how it fits together:

1. **The client** calls \`InvokeEndpointWithResponseStream\` with a JSON body.
2. **The runtime** forwards the request to the container on port 8080.
3. **The container** (LMI or TGI) writes one chunk per generated token.
4. **The runtime** wraps every chunk in a \`PayloadPart\` event of an \`application/vnd.amazon.eventstream\` body.

Keep in mind that a \`PayloadPart\` is an arbitrary slice of bytes: it may hold half a JSON line, or several SSE events at once. Always buffer and re-split on newlines before parsing. 🚀`,
  },
  {
    id: 'python-code',
    keywords: ['python', 'code', 'script', 'function', 'boto3'],
    text: `Sure! Here is a small Python helper that streams a reply with boto3 and prints it as it arrives:

\`\`\`python
import json
import boto3

runtime = boto3.client("sagemaker-runtime")

def stream_reply(endpoint_name: str, prompt: str) -> str:
    body = {"inputs": prompt, "parameters": {"max_new_tokens": 256}}
    response = runtime.invoke_endpoint_with_response_stream(
        EndpointName=endpoint_name,
        Body=json.dumps(body),
        ContentType="application/json",
    )
    text = []
    for event in response["Body"]:
        chunk = event["PayloadPart"]["Bytes"].decode("utf-8", errors="ignore")
        text.append(chunk)
        print(chunk, end="", flush=True)
    return "".join(text)
\`\`\`

A few notes:

- The \`errors="ignore"\` is a shortcut; a real client should decode complete lines only.
- Set \`max_new_tokens\` explicitly: LMI defaults to a very short answer.
- Catch \`botocore.exceptions.EventStreamError\` to handle \`ModelStreamError\` mid-stream.`,
  },
  {
    id: 'typescript-code',
    keywords: ['typescript', 'javascript', 'node', 'sdk', 'js'],
    text: `With the AWS SDK for JavaScript v3 the stream is an async iterable of events:

\`\`\`ts
import {
  SageMakerRuntimeClient,
  InvokeEndpointWithResponseStreamCommand,
} from "@aws-sdk/client-sagemaker-runtime";

const client = new SageMakerRuntimeClient({ region: "us-east-1" });
const response = await client.send(
  new InvokeEndpointWithResponseStreamCommand({
    EndpointName: "my-endpoint",
    ContentType: "application/json",
    Body: JSON.stringify({ inputs: "Hello", parameters: { max_new_tokens: 64 } }),
  }),
);

const decoder = new TextDecoder();
for await (const event of response.Body ?? []) {
  if (event.PayloadPart?.Bytes) {
    process.stdout.write(decoder.decode(event.PayloadPart.Bytes, { stream: true }));
  }
}
\`\`\`

Note the \`{ stream: true }\` option: without it, an emoji split across two parts turns into \`\\uFFFD\` garbage. ✅`,
  },
  {
    id: 'french-cuisine',
    keywords: ['recipe', 'cook', 'food', 'french', 'crêpe', 'crepe'],
    text: `Voici une recette de crêpes simple et délicieuse 🥞 :

**Ingrédients** (pour 12 crêpes)
- 250 g de farine
- 4 œufs
- ½ litre de lait
- 1 pincée de sel
- 50 g de beurre fondu

**Préparation**
1. Mélangez la farine et le sel, puis creusez un puits.
2. Ajoutez les œufs un à un en fouettant énergiquement.
3. Versez le lait petit à petit pour éviter les grumeaux.
4. Incorporez le beurre fondu et laissez reposer 1 heure.
5. Faites cuire à feu moyen, environ 1 minute de chaque côté.

Bon appétit ! Servez-les avec du sucre, de la confiture ou une pâte à tartiner. 😋`,
  },
  {
    id: 'japanese-greeting',
    keywords: ['japanese', 'japan', '日本', 'こんにちは', 'translate'],
    text: `もちろんです！日本語で簡単な自己紹介をしてみましょう。

「はじめまして。私はアシスタントです。どうぞよろしくお願いします。」

ポイント:
- **はじめまして** (Hajimemashite) — 初対面のあいさつ
- **どうぞよろしくお願いします** (Dōzo yoroshiku onegaishimasu) — 「よろしくね」の丁寧な形

中文也可以：「你好，很高兴认识你！」 한국어로는 「만나서 반갑습니다」라고 해요. 🇯🇵🇨🇳🇰🇷`,
  },
  {
    id: 'comparison-table',
    keywords: ['compare', 'difference', 'tgi', 'lmi', 'container', 'table'],
    text: `Here is a quick comparison of the two most common LLM containers on SageMaker:

| | LMI (djl-serving) | TGI |
|---|---|---|
| Streaming format | JSON Lines (\`application/jsonlines\`) | Server-Sent Events (\`text/event-stream\`) |
| Token field | \`{"token": {"text": …, "log_prob": …}}\` | \`data:{"token": {"text": …, "logprob": …}}\` |
| How to stream | \`option.output_formatter=jsonlines\` | \`"stream": true\` in the body |
| Chat API | \`messages\` → chat chunks | \`messages\` → \`chat.completion.chunk\` |

In short: **LMI** decides in its configuration, **TGI** decides per request. Both flush one chunk per token, so each \`PayloadPart\` usually carries exactly one token — but never rely on it. ⚖️`,
  },
  {
    id: 'haiku',
    keywords: ['poem', 'haiku', 'poetry', 'write'],
    text: `Here is a haiku about streaming tokens:

*Tokens drift like snow —*
*each one a small part of thought,*
*the answer takes shape.*

And one more, in the spirit of Bashō 🐸:

*古池や*
*蛙飛び込む*
*水の音*

(*An old silent pond / a frog jumps into the pond — / splash! Silence again.*)`,
  },
  {
    id: 'debugging-steps',
    keywords: ['error', 'debug', 'fail', 'timeout', 'broken', 'fix'],
    text: `When a streaming call fails, work through it layer by layer:

1. **Before the stream** — an HTTP error such as \`ModelError\` (424) means the container rejected the request. Check \`OriginalStatusCode\` and \`OriginalMessage\`; the container logs are in CloudWatch under \`/aws/sagemaker/Endpoints/<name>\`.
2. **During the stream** — a \`ModelStreamError\` carries an \`ErrorCode\`:
   - \`ModelInvocationTimeExceeded\`: the model took too long; lower \`max_new_tokens\` or raise the timeout.
   - \`StreamBroken\`: the connection to the container was reset.
3. **Inside the payload** — the container can report its own error in-band, e.g. \`{"error": "…", "error_type": "generation"}\` from TGI.

Retrying is safe for \`InternalStreamFailure\`, but remember that the SDKs already retry 500 and 503 responses by default. 🔧`,
  },
  {
    id: 'math-explanation',
    keywords: ['math', 'calculate', 'why', 'explain', 'how'],
    text: `Let's work it out step by step.

The time to generate a reply is roughly:

\`total ≈ TTFT + (n − 1) × ITL\`

where **TTFT** is the time to first token and **ITL** the inter-token latency. With a TTFT of 300 ms, an ITL of 30 ms and n = 200 tokens:

- 300 ms + 199 × 30 ms = 300 ms + 5 970 ms ≈ **6.3 s**

That is why streaming matters: the user sees the first words after 0.3 s instead of 6.3 s. The throughput is about 1 / 0.030 ≈ 33 tokens per second per stream — ≈ 2 000 words per minute, far faster than anyone reads. 📈`,
  },
  {
    id: 'general-greeting',
    keywords: ['hello', 'hi', 'hey', 'who are you', 'bonjour'],
    text: `Hello! 👋 I'm a mock assistant served by a local SageMaker endpoint emulator.

I can't actually think, but I stream like a real model: one token at a time, with realistic delays, so you can test your client without a GPU. Try asking me about:

- streaming from **SageMaker** endpoints,
- a **Python** or **TypeScript** example,
- a **recipe** (en français 🇫🇷),
- or something in **日本語**.

What would you like to try?`,
  },
];
