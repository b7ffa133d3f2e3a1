//===- Lexer.h - tokens of the .seq model language --------------*- C++ -*-===//

#ifndef SEQC_LIB_FRONTEND_LEXER_H
#define SEQC_LIB_FRONTEND_LEXER_H

#include "AST.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/Twine.h"

#include <string>

namespace seqc::front {

enum class Tok {
  Eof,
  /// A character that starts no token (already reported).
  Error,
  Newline,
  Ident,
  Int,
  Float,
  String,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Semicolon,
  Assign,
  Arrow,
  Plus,
  Minus,
  Star,
  Slash,
  At,
  EqEq,
  NotEq,
  Less,
  LessEq,
  Greater,
  GreaterEq,
  Dot,
  DotDot,
  KwModel,
  KwBlock,
  KwDim,
  KwFor,
  KwIn,
  KwWith,
  KwReturn,
  KwTrue,
  KwFalse,
  KwNone,
};

/// How a token kind reads in "expected ..." messages.
llvm::StringRef tokenDescription(Tok kind);

struct Token {
  Tok kind = Tok::Eof;
  llvm::StringRef spelling;
  Pos pos;
  /// Ident: the name; String: the raw text between the quotes.
  std::string text;
  int64_t intValue = 0;
  double floatValue = 0.0;
};

/// Splits a buffer into tokens. Comments run from `#` to the end of the
/// line; a Newline token ends each non-empty line (statements end there).
/// Lexical errors go to `error` and the offending characters are skipped.
class Lexer {
public:
  using ErrorFn = llvm::function_ref<void(Pos, const llvm::Twine &)>;

  Lexer(llvm::StringRef buffer, ErrorFn error)
      : buffer(buffer), cur(buffer.begin()), error(error) {}

  Token next();

private:
  Pos here() const { return {line, unsigned(cur - lineStart) + 1}; }
  Token make(Tok kind, const char *begin, Pos pos) const;
  Token lexNumber(const char *begin, Pos pos);
  Token lexString(const char *begin, Pos pos);

  llvm::StringRef buffer;
  const char *cur;
  const char *lineStart = buffer.begin();
  unsigned line = 1;
  ErrorFn error;
  /// Collapses blank lines: no Newline before the first token of a line.
  bool lineHasToken = false;
};

} // namespace seqc::front

#endif // SEQC_LIB_FRONTEND_LEXER_H
