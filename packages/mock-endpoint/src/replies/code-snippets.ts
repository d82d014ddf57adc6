/** Languages the mock writes code in, with their code-fence tag and display name. */
export const CODE_LANGUAGES = {
  python: { fence: 'python', name: 'Python', aliases: ['python', 'py'] },
  javascript: { fence: 'javascript', name: 'JavaScript', aliases: ['javascript', 'js', 'node', 'nodejs', 'node.js'] },
  typescript: { fence: 'typescript', name: 'TypeScript', aliases: ['typescript', 'ts'] },
  java: { fence: 'java', name: 'Java', aliases: ['java'] },
  go: { fence: 'go', name: 'Go', aliases: ['go', 'golang'] },
  rust: { fence: 'rust', name: 'Rust', aliases: ['rust'] },
  csharp: { fence: 'csharp', name: 'C#', aliases: ['c#', 'csharp', '.net', 'dotnet'] },
  cpp: { fence: 'cpp', name: 'C++', aliases: ['c++', 'cpp'] },
  ruby: { fence: 'ruby', name: 'Ruby', aliases: ['ruby'] },
  bash: { fence: 'bash', name: 'Bash', aliases: ['bash', 'shell', 'sh', 'zsh'] },
} as const;

/** A language key of {@link CODE_LANGUAGES}. */
export type CodeLanguage = keyof typeof CODE_LANGUAGES;

/** The small tasks the mock can "solve"; anything else gets `reverse`. */
export type CodeTask = 'fibonacci' | 'reverse';

/** Idiomatic snippets, one per language and task. */
export const CODE_SNIPPETS: Record<CodeLanguage, Record<CodeTask, string>> = {
  python: {
    fibonacci: 'def fibonacci(n: int) -> list[int]:\n    """Return the first n Fibonacci numbers."""\n    numbers = []\n    a, b = 0, 1\n    for _ in range(n):\n        numbers.append(a)\n        a, b = b, a + b\n    return numbers\n\n\nif __name__ == "__main__":\n    print(fibonacci(10))  # [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]',
    reverse: 'def reverse(text: str) -> str:\n    """Reverse a string, keeping every character whole."""\n    return text[::-1]\n\n\nif __name__ == "__main__":\n    for word in ["stream", "café", "日本語"]:\n        print(word, "→", reverse(word))',
  },
  javascript: {
    fibonacci: 'function fibonacci(n) {\n  const numbers = [];\n  let [a, b] = [0, 1];\n  for (let i = 0; i < n; i++) {\n    numbers.push(a);\n    [a, b] = [b, a + b];\n  }\n  return numbers;\n}\n\nconsole.log(fibonacci(10)); // [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]',
    reverse: '// Spread by code points, so that emoji and accents survive.\nfunction reverse(text) {\n  return [...text].reverse().join(\'\');\n}\n\nfor (const word of [\'stream\', \'café\', \'🚀 go\']) {\n  console.log(word, \'→\', reverse(word));\n}',
  },
  typescript: {
    fibonacci: 'export function fibonacci(n: number): number[] {\n  const numbers: number[] = [];\n  let [a, b] = [0, 1];\n  for (let i = 0; i < n; i++) {\n    numbers.push(a);\n    [a, b] = [b, a + b];\n  }\n  return numbers;\n}\n\nconsole.log(fibonacci(10)); // [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]',
    reverse: '/** Reverses by code points, so that emoji and accents survive. */\nexport function reverse(text: string): string {\n  return [...text].reverse().join(\'\');\n}\n\nfor (const word of [\'stream\', \'café\', \'🚀 go\']) {\n  console.log(`${word} → ${reverse(word)}`);\n}',
  },
  java: {
    fibonacci: 'import java.util.ArrayList;\nimport java.util.List;\n\npublic class Fibonacci {\n    static List<Long> fibonacci(int n) {\n        List<Long> numbers = new ArrayList<>();\n        long a = 0, b = 1;\n        for (int i = 0; i < n; i++) {\n            numbers.add(a);\n            long next = a + b;\n            a = b;\n            b = next;\n        }\n        return numbers;\n    }\n\n    public static void main(String[] args) {\n        System.out.println(fibonacci(10));\n    }\n}',
    reverse: 'public class Reverse {\n    static String reverse(String text) {\n        // StringBuilder.reverse keeps surrogate pairs (emoji) together.\n        return new StringBuilder(text).reverse().toString();\n    }\n\n    public static void main(String[] args) {\n        for (String word : new String[] {"stream", "café", "🚀 go"}) {\n            System.out.println(word + " → " + reverse(word));\n        }\n    }\n}',
  },
  go: {
    fibonacci: 'package main\n\nimport "fmt"\n\nfunc fibonacci(n int) []int {\n\tnumbers := make([]int, 0, n)\n\ta, b := 0, 1\n\tfor i := 0; i < n; i++ {\n\t\tnumbers = append(numbers, a)\n\t\ta, b = b, a+b\n\t}\n\treturn numbers\n}\n\nfunc main() {\n\tfmt.Println(fibonacci(10))\n}',
    reverse: 'package main\n\nimport "fmt"\n\n// reverse works on runes, not bytes, so that "café" stays valid UTF-8.\nfunc reverse(text string) string {\n\trunes := []rune(text)\n\tfor i, j := 0, len(runes)-1; i < j; i, j = i+1, j-1 {\n\t\trunes[i], runes[j] = runes[j], runes[i]\n\t}\n\treturn string(runes)\n}\n\nfunc main() {\n\tfmt.Println(reverse("café 🚀"))\n}',
  },
  rust: {
    fibonacci: 'fn fibonacci(n: usize) -> Vec<u64> {\n    let mut numbers = Vec::with_capacity(n);\n    let (mut a, mut b) = (0u64, 1u64);\n    for _ in 0..n {\n        numbers.push(a);\n        (a, b) = (b, a + b);\n    }\n    numbers\n}\n\nfn main() {\n    println!("{:?}", fibonacci(10));\n}',
    reverse: '/// Reverses by `char`, so that "café" stays valid UTF-8.\nfn reverse(text: &str) -> String {\n    text.chars().rev().collect()\n}\n\nfn main() {\n    for word in ["stream", "café", "🚀 go"] {\n        println!("{word} → {}", reverse(word));\n    }\n}',
  },
  csharp: {
    fibonacci: 'using System;\nusing System.Collections.Generic;\n\nstatic List<long> Fibonacci(int n)\n{\n    var numbers = new List<long>();\n    long a = 0, b = 1;\n    for (var i = 0; i < n; i++)\n    {\n        numbers.Add(a);\n        (a, b) = (b, a + b);\n    }\n    return numbers;\n}\n\nConsole.WriteLine(string.Join(", ", Fibonacci(10)));',
    reverse: 'using System;\nusing System.Globalization;\nusing System.Linq;\n\n// Text elements keep emoji and combining accents whole.\nstatic string Reverse(string text)\n{\n    var elements = StringInfo.GetTextElementEnumerator(text);\n    var parts = new System.Collections.Generic.List<string>();\n    while (elements.MoveNext()) parts.Add(elements.GetTextElement());\n    parts.Reverse();\n    return string.Concat(parts);\n}\n\nConsole.WriteLine(Reverse("café 🚀"));',
  },
  cpp: {
    fibonacci: '#include <iostream>\n#include <vector>\n\nstd::vector<unsigned long long> fibonacci(int n) {\n    std::vector<unsigned long long> numbers;\n    unsigned long long a = 0, b = 1;\n    for (int i = 0; i < n; ++i) {\n        numbers.push_back(a);\n        auto next = a + b;\n        a = b;\n        b = next;\n    }\n    return numbers;\n}\n\nint main() {\n    for (auto number : fibonacci(10)) std::cout << number << \' \';\n    std::cout << \'\\n\';\n}',
    reverse: '#include <algorithm>\n#include <iostream>\n#include <string>\n\n// Reverses bytes: fine for ASCII; use a UTF-8 library for anything else.\nstd::string reverse(std::string text) {\n    std::reverse(text.begin(), text.end());\n    return text;\n}\n\nint main() {\n    std::cout << reverse("stream") << \'\\n\';\n}',
  },
  ruby: {
    fibonacci: 'def fibonacci(n)\n  numbers = []\n  a, b = 0, 1\n  n.times do\n    numbers << a\n    a, b = b, a + b\n  end\n  numbers\nend\n\nputs fibonacci(10).inspect',
    reverse: '# String#reverse works on characters, so "café" stays valid.\ndef reverse(text)\n  text.reverse\nend\n\n%w[stream café].each { |word| puts "#{word} → #{reverse(word)}" }',
  },
  bash: {
    fibonacci: '#!/usr/bin/env bash\nset -euo pipefail\n\nfibonacci() {\n  local n=$1 a=0 b=1\n  for ((i = 0; i < n; i++)); do\n    printf \'%s \' "$a"\n    ((b = a + b, a = b - a))\n  done\n  echo\n}\n\nfibonacci 10',
    reverse: '#!/usr/bin/env bash\nset -euo pipefail\n\n# rev works per character in a UTF-8 locale.\nreverse() {\n  printf \'%s\\n\' "$1" | rev\n}\n\nreverse "stream"\nreverse "café"',
  },
};
