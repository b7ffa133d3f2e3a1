//===- AST.h - syntax tree of the .seq model language -----------*- C++ -*-===//
//
// The parser builds this tree; MLIRGen walks it. Nodes own their children
// and keep the position of the token that gives them their location.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_LIB_FRONTEND_AST_H
#define SEQC_LIB_FRONTEND_AST_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace seqc::front {

/// A 1-based position in the model file.
struct Pos {
  unsigned line = 0;
  unsigned col = 0;
};

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

class Expr {
public:
  enum class Kind {
    Int, Float, String, Bool, None, Name, Call, Binary, Unary, List
  };

  Expr(Kind kind, Pos pos) : kind(kind), pos(pos) {}
  virtual ~Expr() = default;

  Kind getKind() const { return kind; }
  Pos getPos() const { return pos; }

private:
  const Kind kind;
  Pos pos;
};

using ExprPtr = std::unique_ptr<Expr>;

class IntExpr : public Expr {
public:
  IntExpr(Pos pos, int64_t value) : Expr(Kind::Int, pos), value(value) {}
  int64_t getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Int; }

private:
  int64_t value;
};

class FloatExpr : public Expr {
public:
  FloatExpr(Pos pos, double value) : Expr(Kind::Float, pos), value(value) {}
  double getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Float; }

private:
  double value;
};

/// A string literal. `raw` is the text between the quotes, escapes and
/// `{name}` interpolations unprocessed, so that MLIRGen can point into it.
class StringExpr : public Expr {
public:
  StringExpr(Pos pos, std::string raw)
      : Expr(Kind::String, pos), raw(std::move(raw)) {}
  llvm::StringRef getRaw() const { return raw; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::String; }

private:
  std::string raw;
};

class BoolExpr : public Expr {
public:
  BoolExpr(Pos pos, bool value) : Expr(Kind::Bool, pos), value(value) {}
  bool getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Bool; }

private:
  bool value;
};

class NoneExpr : public Expr {
public:
  explicit NoneExpr(Pos pos) : Expr(Kind::None, pos) {}
  static bool classof(const Expr *e) { return e->getKind() == Kind::None; }
};

class NameExpr : public Expr {
public:
  NameExpr(Pos pos, std::string name)
      : Expr(Kind::Name, pos), name(std::move(name)) {}
  llvm::StringRef getName() const { return name; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Name; }

private:
  std::string name;
};

/// One argument of a call: positional (`name` empty) or keyword.
struct Arg {
  std::string name;
  Pos namePos;
  ExprPtr value;
};

class CallExpr : public Expr {
public:
  CallExpr(Pos pos, std::string callee, std::vector<Arg> args)
      : Expr(Kind::Call, pos), callee(std::move(callee)),
        args(std::move(args)) {}
  llvm::StringRef getCallee() const { return callee; }
  const std::vector<Arg> &getArgs() const { return args; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Call; }

private:
  std::string callee;
  std::vector<Arg> args;
};

/// `[a, b, ...]`: a list (of tensors for `cat`, of ints for `permute`).
class ListExpr : public Expr {
public:
  ListExpr(Pos pos, std::vector<ExprPtr> elements)
      : Expr(Kind::List, pos), elements(std::move(elements)) {}
  const std::vector<ExprPtr> &getElements() const { return elements; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::List; }

private:
  std::vector<ExprPtr> elements;
};

/// How a BinaryExpr's operator is written: `+ - * / @ == != < <= > >=`
/// (kept as one char each: '=' is `==`, '!' is `!=`, 'l' `<=`, 'g' `>=`).
inline const char *binaryOpSpelling(char op) {
  switch (op) {
  case '+': return "+";
  case '-': return "-";
  case '*': return "*";
  case '/': return "/";
  case '@': return "@";
  case '=': return "==";
  case '!': return "!=";
  case '<': return "<";
  case 'l': return "<=";
  case '>': return ">";
  case 'g': return ">=";
  }
  return "?";
}

/// `lhs op rhs`; the position is the operator's.
class BinaryExpr : public Expr {
public:
  BinaryExpr(Pos pos, char op, ExprPtr lhs, ExprPtr rhs)
      : Expr(Kind::Binary, pos), op(op), lhs(std::move(lhs)),
        rhs(std::move(rhs)) {}
  /// A long left-associative chain is freed in a loop, not by one nested
  /// destructor call per term.
  ~BinaryExpr() override {
    while (lhs && lhs->getKind() == Kind::Binary) {
      ExprPtr inner = std::move(static_cast<BinaryExpr &>(*lhs).lhs);
      lhs = std::move(inner);
    }
  }
  char getOp() const { return op; }
  const Expr &getLhs() const { return *lhs; }
  const Expr &getRhs() const { return *rhs; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Binary; }

private:
  char op;
  ExprPtr lhs, rhs;
};

/// `-operand`.
class UnaryExpr : public Expr {
public:
  UnaryExpr(Pos pos, ExprPtr operand)
      : Expr(Kind::Unary, pos), operand(std::move(operand)) {}
  const Expr &getOperand() const { return *operand; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Unary; }

private:
  ExprPtr operand;
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

class Stmt {
public:
  enum class Kind { Assign, For, With, Return, Error };

  Stmt(Kind kind, Pos pos) : kind(kind), pos(pos) {}
  virtual ~Stmt() = default;

  Kind getKind() const { return kind; }
  Pos getPos() const { return pos; }

private:
  const Kind kind;
  Pos pos;
};

using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Target {
  std::string name; // "_" discards the value
  Pos pos;
};

/// `a, b = expr`.
class AssignStmt : public Stmt {
public:
  AssignStmt(Pos pos, std::vector<Target> targets, ExprPtr value)
      : Stmt(Kind::Assign, pos), targets(std::move(targets)),
        value(std::move(value)) {}
  const std::vector<Target> &getTargets() const { return targets; }
  const Expr &getValue() const { return *value; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Assign; }

private:
  std::vector<Target> targets;
  ExprPtr value;
};

/// `for var in begin..end { body }`, unrolled by MLIRGen.
class ForStmt : public Stmt {
public:
  ForStmt(Pos pos, Target var, ExprPtr begin, ExprPtr end, Body body)
      : Stmt(Kind::For, pos), var(std::move(var)), begin(std::move(begin)),
        end(std::move(end)), body(std::move(body)) {}
  const Target &getVar() const { return var; }
  const Expr &getBegin() const { return *begin; }
  const Expr &getEnd() const { return *end; }
  const Body &getBody() const { return body; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::For; }

private:
  Target var;
  ExprPtr begin, end;
  Body body;
};

/// `with "prefix" { body }`: weight names inside are under `prefix`.
class WithStmt : public Stmt {
public:
  WithStmt(Pos pos, ExprPtr prefix, Body body)
      : Stmt(Kind::With, pos), prefix(std::move(prefix)),
        body(std::move(body)) {}
  const Expr &getPrefix() const { return *prefix; }
  const Body &getBody() const { return body; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::With; }

private:
  ExprPtr prefix;
  Body body;
};

class ReturnStmt : public Stmt {
public:
  ReturnStmt(Pos pos, std::vector<ExprPtr> values)
      : Stmt(Kind::Return, pos), values(std::move(values)) {}
  const std::vector<ExprPtr> &getValues() const { return values; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Return; }

private:
  std::vector<ExprPtr> values;
};

/// A statement that failed to parse (already reported). MLIRGen poisons the
/// names it would have assigned so that their uses do not cascade; when they
/// are unknown, it stops reporting unknown names in the rest of the body.
class ErrorStmt : public Stmt {
public:
  ErrorStmt(Pos pos, std::vector<Target> targets, bool targetsKnown)
      : Stmt(Kind::Error, pos), targets(std::move(targets)),
        targetsKnown(targetsKnown) {}
  const std::vector<Target> &getTargets() const { return targets; }
  bool areTargetsKnown() const { return targetsKnown; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Error; }

private:
  std::vector<Target> targets;
  bool targetsKnown;
};

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

enum class ElemType { F32, I32, I64, Bool };

/// One dim of a tensor type: a name (dynamic unless declared with `dim`) or
/// a size.
struct DimSpec {
  std::string name; // empty for a literal size
  int64_t size = 0;
  Pos pos;
};

struct TypeSpec {
  ElemType dtype = ElemType::F32;
  std::vector<DimSpec> dims;
  Pos pos;
};

struct ModelInput {
  std::string name;
  Pos pos;
  TypeSpec type;
  /// `name: inout f32[...]`: a state the model reads and returns updated.
  bool inout = false;
};

struct ModelOutput {
  std::string name; // empty: "out" (or "out<i>" with several)
  Pos pos;
  TypeSpec type;
};

/// `model name(inputs) -> outputs { body }`: one public function.
struct ModelDecl {
  std::string name;
  Pos pos;
  std::vector<ModelInput> inputs;
  std::vector<ModelOutput> outputs;
  Body body;
};

struct BlockParam {
  std::string name;
  Pos pos;
  ExprPtr defaultValue; // may be null
};

/// `block name(params) { body }`: inlined at every call.
struct BlockDecl {
  std::string name;
  Pos pos;
  std::vector<BlockParam> params;
  Body body;
};

/// `dim name = size`: a static named dim, usable as an integer.
struct DimDecl {
  std::string name;
  Pos pos;
  ExprPtr value;
};

struct File {
  std::vector<DimDecl> dims;
  std::vector<BlockDecl> blocks;
  std::vector<ModelDecl> models;
  /// `model` keywords, including those of models that failed to parse.
  unsigned modelsSeen = 0;
};

} // namespace seqc::front

#endif // SEQC_LIB_FRONTEND_AST_H
