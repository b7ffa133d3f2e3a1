//===- Parser.cpp - parser of the .seq model language -----------*- C++ -*-===//

#include "Parser.h"
#include "Suggest.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

using namespace seqc::front;

namespace {
/// Counts one level of Parser::depth while it lives.
struct DepthGuard {
  explicit DepthGuard(int &depth) : depth(depth) { ++depth; }
  ~DepthGuard() { --depth; }
  int &depth;
};
} // namespace

Parser::Parser(llvm::StringRef buffer, Lexer::ErrorFn error) : error(error) {
  Lexer lexer(buffer, error);
  do
    tokens.push_back(lexer.next());
  while (tokens.back().kind != Tok::Eof);
}

const Token &Parser::peek(unsigned ahead) const {
  return tokens[std::min(index + ahead, tokens.size() - 1)];
}

bool Parser::consumeIf(Tok kind) {
  if (!is(kind))
    return false;
  consume();
  return true;
}

void Parser::skipNewlines() {
  while (is(Tok::Newline))
    consume();
}

bool Parser::atOperator(std::initializer_list<Tok> kinds) {
  if (nesting > 0) {
    size_t i = index;
    while (tokens[i].kind == Tok::Newline)
      ++i;
    if (llvm::is_contained(kinds, tokens[i].kind))
      index = i;
  }
  return llvm::is_contained(kinds, tok().kind);
}

bool Parser::nextAfterNewlinesIs(Tok kind) {
  size_t i = index;
  while (tokens[i].kind == Tok::Newline)
    ++i;
  if (tokens[i].kind != kind)
    return false;
  index = i;
  return true;
}

static std::string describe(const Token &tok) {
  switch (tok.kind) {
  case Tok::Ident:
    return "'" + tok.text + "'";
  case Tok::Int:
  case Tok::Float:
  case Tok::String:
    return tok.spelling.str();
  default:
    return tokenDescription(tok.kind).str();
  }
}

void Parser::errorExpected(const llvm::Twine &what) {
  // The lexer has reported the bad character.
  if (is(Tok::Error))
    return;
  error(tok().pos, "expected " + what + ", got " + describe(tok()));
}

bool Parser::expect(Tok kind, const llvm::Twine &context) {
  if (consumeIf(kind))
    return true;
  if (context.isTriviallyEmpty())
    errorExpected(tokenDescription(kind));
  else
    errorExpected(tokenDescription(kind) + " " + context);
  return false;
}

//===----------------------------------------------------------------------===//
// Recovery
//===----------------------------------------------------------------------===//

void Parser::recoverStatement() {
  int depth = 0;
  while (!is(Tok::Eof)) {
    if (depth == 0 && (is(Tok::Newline) || is(Tok::Semicolon))) {
      consume();
      return;
    }
    if (is(Tok::LBrace))
      ++depth;
    if (is(Tok::RBrace)) {
      if (depth == 0)
        return;
      --depth;
    }
    consume();
  }
}

void Parser::recoverTopLevel() {
  int depth = 0;
  while (!is(Tok::Eof)) {
    bool lineStart = index == 0 || tokens[index - 1].kind == Tok::Newline;
    if (depth == 0 && lineStart &&
        (is(Tok::KwModel) || is(Tok::KwBlock) || is(Tok::KwDim)))
      return;
    if (is(Tok::LBrace))
      ++depth;
    if (is(Tok::RBrace) && depth > 0)
      --depth;
    consume();
  }
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

File Parser::parseFile() {
  File file;
  while (true) {
    while (is(Tok::Newline) || is(Tok::Semicolon))
      consume();
    switch (tok().kind) {
    case Tok::Eof:
      return file;
    case Tok::KwDim:
      parseDimDecl(file);
      break;
    case Tok::KwModel:
      parseModel(file);
      break;
    case Tok::KwBlock:
      parseBlock(file);
      break;
    default:
      if (is(Tok::Ident))
        error(tok().pos,
              "expected 'model', 'block' or 'dim', got '" + tok().text + "'" +
                  didYouMean(closestNames(tok().text,
                                          {"model", "block", "dim"}, 1)));
      else
        errorExpected("'model', 'block' or 'dim'");
      consume();
      recoverTopLevel();
      break;
    }
  }
}

void Parser::parseDimDecl(File &file) {
  consume(); // dim
  DimDecl decl;
  decl.pos = tok().pos;
  if (!is(Tok::Ident)) {
    errorExpected("the name of the dim");
    return recoverTopLevel();
  }
  decl.name = tok().text;
  consume();
  if (!expect(Tok::Assign, "and the size of dim '" + decl.name + "'"))
    return recoverTopLevel();
  decl.value = parseExpr();
  if (!decl.value || !expectStatementEnd())
    return recoverTopLevel();
  file.dims.push_back(std::move(decl));
}

bool Parser::parseType(TypeSpec &type) {
  type.pos = tok().pos;
  if (!is(Tok::Ident)) {
    errorExpected("a tensor type such as f32[batch, seq, 256]");
    return false;
  }
  llvm::StringRef dtype = tok().text;
  if (dtype == "f32")
    type.dtype = ElemType::F32;
  else if (dtype == "i32")
    type.dtype = ElemType::I32;
  else if (dtype == "i64")
    type.dtype = ElemType::I64;
  else if (dtype == "bool")
    type.dtype = ElemType::Bool;
  else {
    error(tok().pos, "unknown element type '" + dtype +
                         "'; expected f32, i32, i64 or bool");
    return false;
  }
  consume();
  if (!expect(Tok::LBracket, "after the element type"))
    return false;
  if (consumeIf(Tok::RBracket))
    return true;
  while (true) {
    DimSpec dim;
    dim.pos = tok().pos;
    if (is(Tok::Ident)) {
      dim.name = tok().text;
    } else if (is(Tok::Int)) {
      dim.size = tok().intValue;
    } else {
      errorExpected("a dim (a name or a size)");
      return false;
    }
    consume();
    type.dims.push_back(std::move(dim));
    if (consumeIf(Tok::RBracket))
      return true;
    if (!expect(Tok::Comma, "or ']' in the dims"))
      return false;
  }
}

void Parser::parseModel(File &file) {
  consume(); // model
  ++file.modelsSeen;
  ModelDecl model;
  model.pos = tok().pos;
  if (!is(Tok::Ident)) {
    errorExpected("the name of the model");
    return recoverTopLevel();
  }
  model.name = tok().text;
  consume();
  if (!expect(Tok::LParen, "after the model name"))
    return recoverTopLevel();
  skipNewlines();
  llvm::StringSet<> seen;
  while (!is(Tok::RParen)) {
    ModelInput input;
    input.pos = tok().pos;
    if (!is(Tok::Ident)) {
      errorExpected("the name of an input");
      return recoverTopLevel();
    }
    input.name = tok().text;
    if (!seen.insert(input.name).second)
      error(input.pos, "input '" + input.name + "' is declared twice");
    consume();
    if (!expect(Tok::Colon, "and the type of input '" + input.name + "'"))
      return recoverTopLevel();
    // `inout` is a keyword only before a type: `cache: inout f32[...]`.
    if (is(Tok::Ident) && tok().text == "inout" && peek().kind == Tok::Ident) {
      input.inout = true;
      consume();
    }
    if (!parseType(input.type))
      return recoverTopLevel();
    model.inputs.push_back(std::move(input));
    if (consumeIf(Tok::Comma)) {
      skipNewlines();
      continue;
    }
    if (!nextAfterNewlinesIs(Tok::RParen)) {
      errorExpected("',' or ')' after an input");
      return recoverTopLevel();
    }
  }
  consume(); // )
  nextAfterNewlinesIs(Tok::Arrow);
  if (!expect(Tok::Arrow, "and the outputs of the model"))
    return recoverTopLevel();

  auto parseOutput = [&]() {
    ModelOutput output;
    output.pos = tok().pos;
    if (is(Tok::Ident) && peek().kind == Tok::Colon) {
      output.name = tok().text;
      consume();
      consume();
    }
    if (!parseType(output.type))
      return false;
    model.outputs.push_back(std::move(output));
    return true;
  };
  if (consumeIf(Tok::LParen)) {
    skipNewlines();
    while (true) {
      if (!parseOutput())
        return recoverTopLevel();
      if (consumeIf(Tok::Comma)) {
        skipNewlines();
        continue;
      }
      if (nextAfterNewlinesIs(Tok::RParen)) {
        consume();
        break;
      }
      errorExpected("',' or ')' after an output");
      return recoverTopLevel();
    }
  } else if (!parseOutput()) {
    return recoverTopLevel();
  }
  if (!parseBody(model.body, "model '" + model.name + "'"))
    return recoverTopLevel();
  file.models.push_back(std::move(model));
}

void Parser::parseBlock(File &file) {
  consume(); // block
  BlockDecl block;
  block.pos = tok().pos;
  if (!is(Tok::Ident)) {
    errorExpected("the name of the block");
    return recoverTopLevel();
  }
  block.name = tok().text;
  consume();
  if (!expect(Tok::LParen, "after the block name"))
    return recoverTopLevel();
  skipNewlines();
  llvm::StringSet<> seen;
  while (!is(Tok::RParen)) {
    BlockParam param;
    param.pos = tok().pos;
    if (!is(Tok::Ident)) {
      errorExpected("the name of a parameter");
      return recoverTopLevel();
    }
    param.name = tok().text;
    if (param.name == "weights")
      error(param.pos, "'weights' is implicit: every block call takes "
                       "weights=\"prefix\" for the weight names inside");
    else if (!seen.insert(param.name).second)
      error(param.pos, "parameter '" + param.name + "' is declared twice");
    consume();
    if (consumeIf(Tok::Assign)) {
      param.defaultValue = parseExpr();
      if (!param.defaultValue)
        return recoverTopLevel();
    } else if (!block.params.empty() && block.params.back().defaultValue) {
      error(param.pos, "parameter '" + param.name +
                           "' needs a default value: it follows one");
    }
    block.params.push_back(std::move(param));
    if (consumeIf(Tok::Comma)) {
      skipNewlines();
      continue;
    }
    if (!nextAfterNewlinesIs(Tok::RParen)) {
      errorExpected("',' or ')' after a parameter");
      return recoverTopLevel();
    }
  }
  consume(); // )
  if (!parseBody(block.body, "block '" + block.name + "'"))
    return recoverTopLevel();
  file.blocks.push_back(std::move(block));
}

bool Parser::parseBody(Body &body, llvm::StringRef what) {
  if (!enter(tok().pos))
    return false;
  DepthGuard guard(depth);
  if (!expect(Tok::LBrace, ("to open the body of " + what).str()))
    return false;
  Pos open = tokens[index - 1].pos;
  while (true) {
    while (is(Tok::Newline) || is(Tok::Semicolon))
      consume();
    if (consumeIf(Tok::RBrace))
      return true;
    if (is(Tok::Eof)) {
      error(tok().pos, "expected '}' to close the body of " + what +
                           " opened at line " + llvm::Twine(open.line));
      return true;
    }
    body.push_back(parseStatement());
  }
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

bool Parser::expectStatementEnd() {
  if (consumeIf(Tok::Newline) || consumeIf(Tok::Semicolon) || is(Tok::RBrace) ||
      is(Tok::Eof))
    return true;
  errorExpected("end of line after the statement");
  return false;
}

StmtPtr Parser::parseStatement() {
  Pos pos = tok().pos;
  auto fail = [&](std::vector<Target> targets, bool known) -> StmtPtr {
    recoverStatement();
    return std::make_unique<ErrorStmt>(pos, std::move(targets), known);
  };

  switch (tok().kind) {
  case Tok::KwFor: {
    consume();
    Target var{tok().text, tok().pos};
    if (!is(Tok::Ident)) {
      errorExpected("the loop variable");
      return fail({}, false);
    }
    consume();
    if (!expect(Tok::KwIn, "after the loop variable"))
      return fail({}, false);
    ExprPtr begin = parseExpr();
    if (!begin)
      return fail({}, false);
    if (!expect(Tok::DotDot, "in the range 'begin..end'"))
      return fail({}, false);
    ExprPtr end = parseExpr();
    if (!end)
      return fail({}, false);
    Body body;
    if (!parseBody(body, "the loop"))
      return fail({}, false);
    if (!expectStatementEnd())
      return fail({}, false);
    return std::make_unique<ForStmt>(pos, std::move(var), std::move(begin),
                                     std::move(end), std::move(body));
  }
  case Tok::KwWith: {
    consume();
    ExprPtr prefix = parseExpr();
    if (!prefix)
      return fail({}, false);
    Body body;
    if (!parseBody(body, "'with'"))
      return fail({}, false);
    if (!expectStatementEnd())
      return fail({}, false);
    return std::make_unique<WithStmt>(pos, std::move(prefix), std::move(body));
  }
  case Tok::KwReturn: {
    consume();
    std::vector<ExprPtr> values;
    while (true) {
      ExprPtr value = parseExpr();
      if (!value)
        return fail({}, true);
      values.push_back(std::move(value));
      if (!consumeIf(Tok::Comma))
        break;
    }
    if (!expectStatementEnd())
      return fail({}, true);
    return std::make_unique<ReturnStmt>(pos, std::move(values));
  }
  case Tok::Ident: {
    std::vector<Target> targets;
    while (true) {
      if (!is(Tok::Ident)) {
        errorExpected("a name to assign to");
        return fail({}, false);
      }
      targets.push_back({tok().text, tok().pos});
      consume();
      if (!consumeIf(Tok::Comma))
        break;
    }
    if (!is(Tok::Assign)) {
      std::vector<std::string> keywords =
          targets.size() == 1
              ? closestNames(targets[0].name, {"for", "with", "return"}, 1)
              : std::vector<std::string>();
      // `layer_norm(x)` alone: a value that is never used.
      if (!keywords.empty() && !is(Tok::LParen))
        error(pos, "unknown statement '" + targets[0].name + "'" +
                       didYouMean(keywords));
      else if (targets.size() == 1 && is(Tok::LParen))
        error(pos, "the result of '" + targets[0].name +
                       "(...)' must be assigned to a name");
      else
        errorExpected("'=' after the names to assign");
      return fail({}, false);
    }
    consume();
    ExprPtr value = parseExpr();
    if (!value || !expectStatementEnd())
      return fail(std::move(targets), true);
    return std::make_unique<AssignStmt>(pos, std::move(targets),
                                        std::move(value));
  }
  default:
    errorExpected("a statement");
    return fail({}, false);
  }
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

bool Parser::enter(Pos pos) {
  if (depth < 256)
    return true;
  error(pos, "nested too deeply");
  return false;
}

/// The comparison operator at the current token, as BinaryExpr spells it.
static char comparisonOp(Tok kind) {
  switch (kind) {
  case Tok::EqEq: return '=';
  case Tok::NotEq: return '!';
  case Tok::Less: return '<';
  case Tok::LessEq: return 'l';
  case Tok::Greater: return '>';
  case Tok::GreaterEq: return 'g';
  default: return 0;
  }
}

ExprPtr Parser::parseExpr() {
  if (!enter(tok().pos))
    return nullptr;
  DepthGuard guard(depth);
  ExprPtr lhs = parseSum();
  static const std::initializer_list<Tok> comparisons = {
      Tok::EqEq, Tok::NotEq, Tok::Less, Tok::LessEq, Tok::Greater,
      Tok::GreaterEq};
  if (!lhs || !atOperator(comparisons))
    return lhs;
  Pos pos = tok().pos;
  char op = comparisonOp(tok().kind);
  consume();
  if (nesting > 0)
    skipNewlines();
  ExprPtr rhs = parseSum();
  if (!rhs)
    return nullptr;
  if (atOperator(comparisons)) {
    error(tok().pos, "comparisons do not chain; write (a < b) and compare "
                     "the result, or use two comparisons");
    return nullptr;
  }
  return std::make_unique<BinaryExpr>(pos, op, std::move(lhs), std::move(rhs));
}

ExprPtr Parser::parseSum() {
  ExprPtr lhs = parseMul();
  while (lhs && atOperator({Tok::Plus, Tok::Minus})) {
    Pos pos = tok().pos;
    char op = is(Tok::Plus) ? '+' : '-';
    consume();
    if (nesting > 0)
      skipNewlines();
    ExprPtr rhs = parseMul();
    if (!rhs)
      return nullptr;
    lhs = std::make_unique<BinaryExpr>(pos, op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseMul() {
  ExprPtr lhs = parseUnary();
  while (lhs && atOperator({Tok::Star, Tok::Slash, Tok::At})) {
    Pos pos = tok().pos;
    char op = is(Tok::Star) ? '*' : is(Tok::Slash) ? '/' : '@';
    consume();
    if (nesting > 0)
      skipNewlines();
    ExprPtr rhs = parseUnary();
    if (!rhs)
      return nullptr;
    lhs = std::make_unique<BinaryExpr>(pos, op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  if (!enter(tok().pos))
    return nullptr;
  DepthGuard guard(depth);
  if (is(Tok::Minus)) {
    Pos pos = tok().pos;
    consume();
    ExprPtr operand = parseUnary();
    if (!operand)
      return nullptr;
    return std::make_unique<UnaryExpr>(pos, std::move(operand));
  }
  return parsePostfix();
}

ExprPtr Parser::parsePostfix() {
  ExprPtr expr = parsePrimary();
  // `x.transpose(1, 2).contiguous()`: each method call is the function of
  // that name with the object as its first argument.
  while (expr && is(Tok::Dot)) {
    consume();
    if (!is(Tok::Ident)) {
      errorExpected("a method name after '.'");
      return nullptr;
    }
    Pos pos = tok().pos;
    std::string name = tok().text;
    consume();
    if (!is(Tok::LParen)) {
      error(pos, "'." + name + "' needs parentheses: only method calls "
                 "follow a '.' (x." + name + "(...))");
      return nullptr;
    }
    expr = parseCall(pos, std::move(name), std::move(expr));
  }
  return expr;
}

ExprPtr Parser::parseList() {
  Pos pos = tok().pos;
  consume(); // [
  skipNewlines();
  std::vector<ExprPtr> elements;
  ++nesting;
  while (!is(Tok::RBracket)) {
    ExprPtr e = parseExpr();
    if (!e) {
      --nesting;
      return nullptr;
    }
    elements.push_back(std::move(e));
    if (consumeIf(Tok::Comma)) {
      skipNewlines();
      continue;
    }
    if (!nextAfterNewlinesIs(Tok::RBracket)) {
      --nesting;
      errorExpected("',' or ']' in a list");
      return nullptr;
    }
  }
  --nesting;
  consume(); // ]
  return std::make_unique<ListExpr>(pos, std::move(elements));
}

ExprPtr Parser::parsePrimary() {
  Pos pos = tok().pos;
  switch (tok().kind) {
  case Tok::Int: {
    int64_t value = tok().intValue;
    consume();
    return std::make_unique<IntExpr>(pos, value);
  }
  case Tok::Float: {
    double value = tok().floatValue;
    consume();
    return std::make_unique<FloatExpr>(pos, value);
  }
  case Tok::String: {
    std::string raw = tok().text;
    consume();
    return std::make_unique<StringExpr>(pos, std::move(raw));
  }
  case Tok::KwTrue:
  case Tok::KwFalse: {
    bool value = is(Tok::KwTrue);
    consume();
    return std::make_unique<BoolExpr>(pos, value);
  }
  case Tok::KwNone:
    consume();
    return std::make_unique<NoneExpr>(pos);
  case Tok::LBracket:
    return parseList();
  case Tok::Ident:
    if (peek().kind == Tok::LParen) {
      std::string callee = tok().text;
      consume(); // name
      return parseCall(pos, std::move(callee), nullptr);
    }
    {
      std::string name = tok().text;
      consume();
      return std::make_unique<NameExpr>(pos, std::move(name));
    }
  case Tok::LParen: {
    consume();
    skipNewlines();
    ++nesting;
    ExprPtr inner = parseExpr();
    --nesting;
    if (!inner)
      return nullptr;
    if (!nextAfterNewlinesIs(Tok::RParen)) {
      errorExpected("')'");
      return nullptr;
    }
    consume();
    return inner;
  }
  default:
    errorExpected("an expression");
    return nullptr;
  }
}

ExprPtr Parser::parseCall(Pos pos, std::string callee, ExprPtr receiver) {
  consume(); // (
  skipNewlines();
  std::vector<Arg> args;
  if (receiver) {
    Arg self;
    self.value = std::move(receiver);
    args.push_back(std::move(self));
  }
  llvm::StringSet<> keywords;
  while (!is(Tok::RParen)) {
    Arg arg;
    // `dim` is a keyword at the top level, and PyTorch's name for an axis
    // argument (`softmax(x, dim=-1)`).
    if ((is(Tok::Ident) || is(Tok::KwDim)) && peek().kind == Tok::Assign) {
      arg.name = tok().text;
      arg.namePos = tok().pos;
      if (!keywords.insert(arg.name).second) {
        error(arg.namePos, "keyword argument '" + arg.name +
                               "' is given twice");
        return nullptr;
      }
      consume();
      consume();
      skipNewlines();
    } else if (!keywords.empty()) {
      error(tok().pos, "positional argument after keyword arguments in '" +
                           callee + "(...)'");
      return nullptr;
    }
    ++nesting;
    arg.value = parseExpr();
    --nesting;
    if (!arg.value)
      return nullptr;
    args.push_back(std::move(arg));
    if (consumeIf(Tok::Comma)) {
      skipNewlines();
      continue;
    }
    if (!nextAfterNewlinesIs(Tok::RParen)) {
      errorExpected("',' or ')' after an argument of '" + callee + "'");
      return nullptr;
    }
  }
  consume(); // )
  return std::make_unique<CallExpr>(pos, std::move(callee), std::move(args));
}
