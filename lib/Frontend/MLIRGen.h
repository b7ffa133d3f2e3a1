//===- MLIRGen.h - .seq syntax tree to the seq dialect ----------*- C++ -*-===//
//
// MLIRGen evaluates the tree of one file: blocks are inlined at their calls,
// `for` loops are unrolled, weights are looked up by name in the
// safetensors file, and each op call becomes one seq op (recurrent layers
// with num_layers > 1 become one op per layer). Every op carries the
// FileLineColLoc of the model text it came from.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_LIB_FRONTEND_MLIRGEN_H
#define SEQC_LIB_FRONTEND_MLIRGEN_H

#include "AST.h"
#include "seqc/Frontend/Frontend.h"
#include "seqc/Support/SafeTensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>
#include <vector>

namespace seqc::front {

/// A value of the language while MLIRGen evaluates it.
struct Val {
  enum class Kind {
    /// The result of an error already reported; uses stay silent.
    Poison,
    Tensor,
    Int,
    Float,
    Bool,
    String,
    /// A bare name such as `relu` or `bidirectional`, for enum arguments.
    Symbol,
    None,
    /// A dynamic named dim of the model, such as `seq`.
    Dim,
    /// The results of a call with several (`out, h, c = lstm(...)`).
    Tuple,
  };

  Kind kind = Kind::Poison;
  mlir::Value tensor;
  int64_t intValue = 0;
  double floatValue = 0.0;
  bool boolValue = false;
  std::string str; // String, Symbol, Dim
  std::vector<Val> elements;

  static Val poison() { return Val(); }
  static Val ofTensor(mlir::Value v) {
    Val r;
    r.kind = Kind::Tensor;
    r.tensor = v;
    return r;
  }
  static Val ofInt(int64_t v) {
    Val r;
    r.kind = Kind::Int;
    r.intValue = v;
    return r;
  }
  static Val ofFloat(double v) {
    Val r;
    r.kind = Kind::Float;
    r.floatValue = v;
    return r;
  }
  static Val ofBool(bool v) {
    Val r;
    r.kind = Kind::Bool;
    r.boolValue = v;
    return r;
  }
  static Val ofString(Kind kind, std::string s) {
    Val r;
    r.kind = kind;
    r.str = std::move(s);
    return r;
  }
  static Val none() {
    Val r;
    r.kind = Kind::None;
    return r;
  }
  /// A run-time size (`x.size(0)` of a dynamic dim): Kind::Dim with no
  /// name and the index value in `tensor`.
  static Val ofSize(mlir::Value index) {
    Val r;
    r.kind = Kind::Dim;
    r.tensor = index;
    return r;
  }
  static Val tuple(std::vector<Val> elements) {
    Val r;
    r.kind = Kind::Tuple;
    r.elements = std::move(elements);
    return r;
  }

  bool is(Kind k) const { return kind == k; }
  bool isPoison() const { return kind == Kind::Poison; }
  bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
  double number() const {
    return kind == Kind::Int ? double(intValue) : floatValue;
  }
};

/// `a.b`, or either alone when the other is empty: weight name prefixes.
std::string joinPrefix(llvm::StringRef a, llvm::StringRef b);
/// "a tensor f32[?, 64]", "an integer (3)", ... for messages.
std::string describe(const Val &value);
/// `f32[?, ?, 64]`: a tensor type as the language writes it.
std::string typeString(mlir::Type type);

/// The variables of one model or block body.
struct Frame {
  llvm::StringMap<Val> vars;
  /// Weight names in this body are under this prefix.
  std::string prefix;
  /// After a statement that failed to parse, unknown names are not reported.
  bool quietUnknownNames = false;
  std::optional<std::vector<Val>> returned;
  Pos returnPos;
  std::vector<Pos> returnPositions;
};

/// An argument of a call, evaluated.
struct EvalArg {
  std::string name; // empty when positional
  Pos namePos;
  Pos pos;
  Val value;
};

/// A weight operand bound to a tensor of the file, for messages.
struct WeightUse {
  std::string operand;
  std::string key;
};

/// One call of a builtin op, its arguments bound to its parameters.
struct OpCall {
  llvm::StringRef name;
  Pos pos;
  mlir::Location loc;
  llvm::StringMap<const EvalArg *> args;
  /// The scope prefix joined with `weights=`, when `weights=` is given.
  std::optional<std::string> prefix;
  /// The prefix that explicit weight names are relative to.
  std::string base;
  std::vector<WeightUse> weights;
  /// One missing weight per call is reported: with a mistyped prefix, all
  /// the others are missing too.
  bool reportedMissing = false;
  /// Arguments made while binding (a Rest parameter's tuple).
  std::vector<std::unique_ptr<EvalArg>> made = {};

  const EvalArg *get(llvm::StringRef param) const {
    auto it = args.find(param);
    return it == args.end() ? nullptr : it->second;
  }
};

/// Argument kinds of builtin op parameters.
enum class ParamKind {
  Tensor,
  OptTensor,      // tensor or none
  Weight,         // tensor, weight name (string) or none
  TensorOrNumber, // for add and mul
  Int,
  Number,
  Bool,
  Enum, // a bare name or a string (and true/false for causal)
  String,
  Length, // a dim name or an integer
  /// The remaining positional arguments, as a tuple (a single list argument
  /// is taken as the tuple): `permute(x, 0, 2, 1)`, `cat([a, b], dim=1)`.
  Rest,
  IntOrList, // an integer or a list of integers (reduction dims)
  Any,       // checked by the op itself
};

struct ParamSpec {
  const char *name;
  ParamKind kind;
  bool positional = false;
  bool required = false;
};

struct OpSpec {
  const char *name;
  std::vector<ParamSpec> params;
  const char *results; // "output, h_n, c_n" for messages; empty: one result
};

/// The builtin ops callable from the language, by name; null if unknown.
const OpSpec *lookupOpSpec(llvm::StringRef name);
llvm::ArrayRef<OpSpec> allOpSpecs();

class MLIRGen {
public:
  MLIRGen(mlir::MLIRContext &context, llvm::StringRef filename,
          const SafeTensors *weights, const FrontendOptions &options,
          const File &file);

  /// Builds the module; errors go to the context's diagnostics.
  mlir::OwningOpRef<mlir::ModuleOp> build();

  // Used by the op lowering (Ops.cpp).
  mlir::Location loc(Pos pos);
  mlir::InFlightDiagnostic error(Pos pos);
  mlir::OpBuilder &getBuilder() { return builder; }
  mlir::MLIRContext *getContext() { return &context; }

  /// The weight named `key`, embedded or as an argument. Errors (missing,
  /// wrong dtype) are reported at `pos`; `what` names the use ("weight of
  /// layer_norm"). Returns None when it is absent and `required` is false.
  Val loadWeight(llvm::StringRef key, Pos pos, bool required);
  /// True if the file has a tensor named `key`.
  bool hasWeight(llvm::StringRef key) const;
  /// Resolves weight operand `operand` of `call`: an explicit argument, or
  /// `<prefix>.<suffix>` when the call has `weights=`. Returns a tensor, None
  /// (absent) or Poison.
  Val weightOperand(OpCall &call, llvm::StringRef operand,
                    llvm::StringRef suffix, bool required);

  /// The index value of a dynamic named dim of the current model.
  mlir::Value dimValue(llvm::StringRef name, Pos pos);
  /// The index value of a size: an integer, a named dim, or a run-time size
  /// from `size(x, d)`.
  mlir::Value sizeValue(const Val &size, Pos pos);
  mlir::Value floatConstant(double value, mlir::Location loc);

  /// Lowers a call of a builtin op (Ops.cpp).
  Val genOpCall(const OpSpec &spec, const CallExpr &call,
                std::vector<EvalArg> &args, Frame &frame);

  /// `lhs op rhs` on f32 tensors and numbers; `op` is '+', '-', '*' or
  /// '/'. `name` is the op as the user wrote it, for messages ("'+'" by
  /// default).
  Val genArith(char op, const Val &lhs, const Val &rhs, Pos pos,
               llvm::StringRef name = "");
  /// A comparison (`op` as BinaryExpr spells it) of tensors, numbers and
  /// true/false: seq.compare after PyTorch's type promotion, or folded.
  Val genCompare(char op, const Val &lhs, const Val &rhs, Pos pos,
                 llvm::StringRef opName);
  /// Two operands (tensors or scalars) in one element type by PyTorch's
  /// promotion: tensors are cast (seq.cast), scalars become constants.
  /// Null values when a scalar cannot take part (a string, say).
  std::pair<mlir::Value, mlir::Value> promoteOperands(const Val &lhs,
                                                      const Val &rhs,
                                                      mlir::Location at);
  /// `tensor` with element type `element` (a seq.cast when it differs).
  mlir::Value castTensor(mlir::Value tensor, mlir::Type element,
                         mlir::Location at);

  /// The value of a name: a variable, a dim of the model or a global dim.
  std::optional<Val> lookupName(llvm::StringRef name, Frame &frame);
  void reportUnknownName(llvm::StringRef name, Pos pos, Frame &frame);
  /// Reports a bare unknown name passed where no enum value is expected.
  bool checkSymbolArg(const EvalArg &arg, Frame &frame);

private:
  struct ModelState {
    mlir::func::FuncOp func;
    /// Dynamic named dims: the input and dim index that gives their size.
    llvm::StringMap<std::pair<unsigned, unsigned>> dims;
    llvm::StringMap<mlir::Value> dimValues;
    llvm::StringMap<Val> weights;
    /// The last embedded weight: they are listed at the top of the model
    /// in order of first use.
    mlir::Operation *lastWeight = nullptr;
    unsigned numInputs = 0;
    bool reportedNoWeightsFile = false;
  };

  void genDims();
  void genModel(const ModelDecl &model);
  mlir::RankedTensorType genType(const TypeSpec &type, bool isInput,
                                 unsigned inputIndex,
                                 mlir::ArrayAttr &dimNames);

  void genBody(const Body &body, Frame &frame);
  void genStmt(const Stmt &stmt, Frame &frame);
  void bind(Frame &frame, const Target &target, Val value);

  Val genExpr(const Expr &expr, Frame &frame);
  Val genName(const NameExpr &expr, Frame &frame);
  Val genString(const StringExpr &expr, Frame &frame);
  Val genBinary(const BinaryExpr &expr, Frame &frame);
  /// One step of a binary chain: `lhs <op> rhs`, both evaluated.
  Val combineBinary(const BinaryExpr &expr, const Val &lhs, const Val &rhs);
  Val genNegate(const UnaryExpr &expr, Frame &frame);
  Val genCall(const CallExpr &expr, Frame &frame);
  Val genBlockCall(const BlockDecl &block, const CallExpr &call,
                   std::vector<EvalArg> &args, Frame &frame);
  /// Moves the ops that one call of `block` appended to `body` after the
  /// marker `before` into a private function `<model>.<block>`, called in their
  /// place; `values` (the call's results) then name the call's results.
  void outlineBlockCall(const BlockDecl &block, mlir::Location callLoc,
                        mlir::Block *body, mlir::Operation *before,
                        std::vector<Val> &values);

  void reportMissingWeight(llvm::StringRef key, Pos pos);

  mlir::MLIRContext &context;
  mlir::OpBuilder builder;
  mlir::StringAttr filename;
  const SafeTensors *weightsFile;
  FrontendOptions options;
  const File &file;
  mlir::ModuleOp module;

  llvm::StringMap<Val> globals;
  llvm::StringMap<const BlockDecl *> blocks;
  ModelState *model = nullptr;
  /// Blocks being inlined, innermost last, to report recursion.
  std::vector<llvm::StringRef> blockStack;
  /// How many functions each block call name has (outlineBlockCall).
  llvm::StringMap<unsigned> outlinedNames;
  /// Statements run so far; -1 once there were too many.
  int64_t statementsRun = 0;

public:
  /// Call sites of the blocks being inlined: errors inside a block get a
  /// note at each.
  std::vector<std::pair<std::string, mlir::Location>> callStack;
};

} // namespace seqc::front

#endif // SEQC_LIB_FRONTEND_MLIRGEN_H
