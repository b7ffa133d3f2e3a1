//===- Parser.h - parser of the .seq model language -------------*- C++ -*-===//

#ifndef SEQC_LIB_FRONTEND_PARSER_H
#define SEQC_LIB_FRONTEND_PARSER_H

#include "AST.h"
#include "Lexer.h"

#include <vector>

namespace seqc::front {

/// A recursive-descent parser. Syntax errors go to `error`; after each one
/// the parser skips to the end of the statement (or, at top level, to the
/// next declaration) and goes on, so one run reports every syntax error.
class Parser {
public:
  Parser(llvm::StringRef buffer, Lexer::ErrorFn error);

  File parseFile();

private:
  const Token &tok() const { return tokens[index]; }
  const Token &peek(unsigned ahead = 1) const;
  bool is(Tok kind) const { return tok().kind == kind; }
  void consume() {
    if (index + 1 < tokens.size())
      ++index;
  }
  bool consumeIf(Tok kind);
  /// Skips Newline tokens (inside parentheses, after an operator or ',').
  void skipNewlines();
  /// True if the next token after any newlines is `kind`; skips them then.
  bool nextAfterNewlinesIs(Tok kind);
  /// Reports "expected <what>, got <token>" at the current token.
  void errorExpected(const llvm::Twine &what);
  bool expect(Tok kind, const llvm::Twine &context = "");

  void parseDimDecl(File &file);
  void parseModel(File &file);
  void parseBlock(File &file);
  bool parseType(TypeSpec &type);
  bool parseBody(Body &body, llvm::StringRef what);
  StmtPtr parseStatement();
  bool expectStatementEnd();
  ExprPtr parseExpr();
  ExprPtr parseSum();
  ExprPtr parseMul();
  ExprPtr parseUnary();
  ExprPtr parsePostfix();
  ExprPtr parsePrimary();
  ExprPtr parseList();
  /// The arguments of `callee(...)` at the current '(' ; `receiver` (a
  /// method call's object) becomes the first positional argument.
  ExprPtr parseCall(Pos pos, std::string callee, ExprPtr receiver);

  /// Skips to the end of the current statement (a newline or ';' at the
  /// current brace depth), stopping before a '}' that closes the body.
  void recoverStatement();
  /// Skips to the next top-level `model`, `block` or `dim`.
  void recoverTopLevel();

  /// Skips newlines before a binary operator inside parentheses, where an
  /// expression may span lines; outside them a newline ends the statement.
  bool atOperator(std::initializer_list<Tok> kinds);

  std::vector<Token> tokens;
  size_t index = 0;
  /// Open parentheses around the current expression.
  int nesting = 0;
  /// Recursion depth of expressions and bodies; bounded so that absurd
  /// nesting is an error rather than a stack overflow.
  int depth = 0;
  bool enter(Pos pos);
  Lexer::ErrorFn error;
};

} // namespace seqc::front

#endif // SEQC_LIB_FRONTEND_PARSER_H
