package org.rocketjms.filter.selector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recursive-descent parser for the message selector language. One instance parses one selector and
 * is then discarded.
 *
 * <p>Grammar, lowest precedence first (keywords are case-insensitive):
 * <pre>
 * selector       = or EOF
 * or             = and { OR and }
 * and            = not { AND not }
 * not            = NOT not | predicate
 * predicate      = additive [ compareOp additive
 *                           | [NOT] BETWEEN additive AND additive
 *                           | [NOT] IN '(' string { ',' string } ')'
 *                           | [NOT] LIKE string [ ESCAPE string ]
 *                           | IS [NOT] NULL ]
 * additive       = multiplicative { ('+' | '-') multiplicative }
 * multiplicative = unary { ('*' | '/') unary }
 * unary          = ('+' | '-') unary | primary
 * primary        = '(' or ')' | identifier | string | exact | approximate | TRUE | FALSE
 * </pre>
 * Comparisons do not chain ({@code a = b = c} is rejected). The left operand of IN, LIKE and IS must
 * be an identifier, as the specification writes them.
 *
 * <p>Besides syntax, the parser rejects what the text alone proves meaningless: a string or condition
 * in arithmetic or BETWEEN ({@code JMSPriority + 'x'}), a number or string where a condition is
 * required ({@code TRUE AND 'x'}, {@code NOT 5}, a whole selector {@code a + 1}), ordering of strings
 * or conditions ({@code 'a' > 'b'}, {@code x > 'abc'}), and equality between two operands of different
 * known types ({@code 'a' = 3}). Identifiers are untyped here; a type mismatch involving one is
 * settled at evaluation. NULL is a reserved word, not a literal (3.8.1.1 lists string, numeric and
 * boolean literals only): it appears only in {@code IS [NOT] NULL}, so {@code x = NULL} and
 * {@code NULL = 0} are rejected.
 */
final class SelectorParser {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorParser.class);

    /** Maximum nesting of parentheses, NOT and unary signs, which bounds the parser's recursion. */
    static final int MAX_NESTING = 128;
    /** Maximum depth of the compiled tree, which bounds the evaluator's recursion. */
    static final int MAX_TREE_DEPTH = 512;

    /** The header fields Jakarta Messaging allows in selectors. */
    private static final Set<String> SELECTABLE_HEADERS = Set.of(
            "JMSDeliveryMode", "JMSPriority", "JMSMessageID", "JMSTimestamp", "JMSCorrelationID", "JMSType");

    private final String input;
    private final Set<String> identifiers = new LinkedHashSet<>();
    private List<Token> tokens;
    private int index;
    private int nesting;

    /** An operand being built, with what the parser knows about it. */
    private record Operand(Expression expression, StaticType type, int position, String identifier, int depth) {

        static Operand condition(Expression expression, int position, int depth) {
            return new Operand(expression, StaticType.BOOLEAN, position, null, depth);
        }
    }

    SelectorParser(String input) {
        this.input = input;
    }

    /**
     * Parses the whole input, which must not be blank.
     *
     * @return the compiled selector
     * @throws SelectorParseException when the input is not a valid selector
     */
    Selector parse() throws SelectorParseException {
        tokens = new SelectorLexer(input).tokenize();
        index = 0;
        Operand root = parseOr();
        Token next = peek();
        if (next.kind() == TokenKind.RIGHT_PAREN) {
            throw error(next, "found ')' without a matching '('");
        }
        if (next.kind() != TokenKind.EOF) {
            throw error(next, "expected an operator or end of input but found " + next.describe());
        }
        if (root.type().excludesBoolean()) {
            throw error(root.position(), "a selector must be a condition, found " + root.type().description());
        }
        return new Selector(input, root.expression(), identifiers);
    }

    private Operand parseOr() throws SelectorParseException {
        Operand first = parseAnd();
        if (peek().kind() != TokenKind.OR) {
            return first;
        }
        requireCondition(first, "the operands of OR must be conditions");
        List<Expression> operands = new ArrayList<>();
        operands.add(first.expression());
        int depth = first.depth();
        while (accept(TokenKind.OR)) {
            Operand next = parseAnd();
            requireCondition(next, "the operands of OR must be conditions");
            operands.add(next.expression());
            depth = Math.max(depth, next.depth());
        }
        return Operand.condition(new OrExpression(operands), first.position(), deeper(depth, first.position()));
    }

    private Operand parseAnd() throws SelectorParseException {
        Operand first = parseNot();
        if (peek().kind() != TokenKind.AND) {
            return first;
        }
        requireCondition(first, "the operands of AND must be conditions");
        List<Expression> operands = new ArrayList<>();
        operands.add(first.expression());
        int depth = first.depth();
        while (accept(TokenKind.AND)) {
            Operand next = parseNot();
            requireCondition(next, "the operands of AND must be conditions");
            operands.add(next.expression());
            depth = Math.max(depth, next.depth());
        }
        return Operand.condition(new AndExpression(operands), first.position(), deeper(depth, first.position()));
    }

    private Operand parseNot() throws SelectorParseException {
        Token not = peek();
        if (not.kind() != TokenKind.NOT) {
            return parsePredicate();
        }
        advance();
        enter(not);
        Operand operand = parseNot();
        leave();
        requireCondition(operand, "the operand of NOT must be a condition");
        return Operand.condition(new NotExpression(operand.expression()), not.position(),
                deeper(operand.depth(), not.position()));
    }

    private Operand parsePredicate() throws SelectorParseException {
        Operand left = parseAdditive();
        Token operator = peek();
        Operand result;
        if (operator.kind().isComparison()) {
            advance();
            result = comparison(operator, left, parseAdditive());
        } else {
            boolean negated = false;
            if (operator.kind() == TokenKind.NOT) {
                Token after = tokens.get(index + 1);
                if (after.kind() != TokenKind.BETWEEN && after.kind() != TokenKind.LIKE && after.kind() != TokenKind.IN) {
                    throw error(after, "expected BETWEEN, LIKE or IN after NOT but found " + after.describe());
                }
                advance();
                negated = true;
                operator = after;
            }
            switch (operator.kind()) {
                case BETWEEN:
                    advance();
                    result = between(left, negated);
                    break;
                case IN:
                    advance();
                    result = in(operator, left, negated);
                    break;
                case LIKE:
                    advance();
                    result = like(operator, left, negated);
                    break;
                case IS:
                    advance();
                    result = isNull(operator, left);
                    break;
                default:
                    return left;
            }
        }
        Token next = peek();
        if (next.kind().isComparison()) {
            throw error(next, "a comparison cannot be the operand of " + next.describe()
                    + " without parentheses");
        }
        return result;
    }

    private Operand comparison(Token token, Operand left, Operand right) throws SelectorParseException {
        ComparisonOperator operator = ComparisonOperator.of(token.kind());
        if (operator.isEquality()) {
            if (left.type().isKnown() && right.type().isKnown() && left.type() != right.type()) {
                throw error(token, "cannot compare " + left.type().description() + " with "
                        + right.type().description() + " using '" + operator.symbol()
                        + "': only like types can be compared");
            }
        } else {
            for (Operand side : new Operand[] {left, right}) {
                if (side.type().excludesNumeric()) {
                    throw error(side.position(), "operator '" + operator.symbol()
                            + "' applies only to numeric operands, found " + side.type().description());
                }
            }
        }
        return Operand.condition(new ComparisonExpression(operator, left.expression(), right.expression()),
                left.position(), deeper(Math.max(left.depth(), right.depth()), left.position()));
    }

    private Operand between(Operand value, boolean negated) throws SelectorParseException {
        requireNumeric(value, "the operands of BETWEEN");
        Operand low = parseAdditive();
        requireNumeric(low, "the operands of BETWEEN");
        expect(TokenKind.AND, "expected AND between the bounds of BETWEEN but found ");
        Operand high = parseAdditive();
        requireNumeric(high, "the operands of BETWEEN");
        int depth = Math.max(value.depth(), Math.max(low.depth(), high.depth()));
        return Operand.condition(
                new BetweenExpression(value.expression(), low.expression(), high.expression(), negated),
                value.position(), deeper(depth, value.position()));
    }

    private Operand in(Token operator, Operand value, boolean negated) throws SelectorParseException {
        requireIdentifier(value, operator);
        expect(TokenKind.LEFT_PAREN, "expected '(' after IN but found ");
        List<String> candidates = new ArrayList<>();
        do {
            Token candidate = expect(TokenKind.STRING, "expected a string literal in the IN list but found ");
            candidates.add((String) candidate.value());
        } while (accept(TokenKind.COMMA));
        expect(TokenKind.RIGHT_PAREN, "expected ',' or ')' in the IN list but found ");
        return Operand.condition(new InExpression(value.expression(), candidates, negated), value.position(),
                deeper(value.depth(), value.position()));
    }

    private Operand like(Token operator, Operand value, boolean negated) throws SelectorParseException {
        requireIdentifier(value, operator);
        Token pattern = expect(TokenKind.STRING, "expected a string literal pattern after LIKE but found ");
        int escape = LikePattern.NO_ESCAPE;
        if (accept(TokenKind.ESCAPE)) {
            Token escapeToken = expect(TokenKind.STRING,
                    "expected a single-character string literal after ESCAPE but found ");
            String text = (String) escapeToken.value();
            if (text.codePointCount(0, text.length()) != 1) {
                throw error(escapeToken, "the ESCAPE character must be a single character, found "
                        + escapeToken.text());
            }
            escape = text.codePointAt(0);
        }
        String patternText = (String) pattern.value();
        int invalid = LikePattern.invalidEscapeIndex(patternText, escape);
        if (invalid >= 0) {
            throw error(rawOffset(pattern, invalid), "the escape character in a LIKE pattern must be followed by"
                    + " '_', '%' or the escape character itself");
        }
        return Operand.condition(
                new LikeExpression(value.expression(), LikePattern.compile(patternText, escape), negated),
                value.position(), deeper(value.depth(), value.position()));
    }

    private Operand isNull(Token operator, Operand value) throws SelectorParseException {
        requireIdentifier(value, operator);
        boolean negated = accept(TokenKind.NOT);
        expect(TokenKind.NULL, negated ? "expected NULL after IS NOT but found " : "expected NULL or NOT after IS but found ");
        return Operand.condition(new IsNullExpression(value.expression(), negated), value.position(),
                deeper(value.depth(), value.position()));
    }

    private Operand parseAdditive() throws SelectorParseException {
        Operand left = parseMultiplicative();
        while (peek().kind() == TokenKind.PLUS || peek().kind() == TokenKind.MINUS) {
            Token operator = advance();
            Operand right = parseMultiplicative();
            left = arithmetic(operator, left, right);
        }
        return left;
    }

    private Operand parseMultiplicative() throws SelectorParseException {
        Operand left = parseUnary();
        while (peek().kind() == TokenKind.STAR || peek().kind() == TokenKind.SLASH) {
            Token operator = advance();
            Operand right = parseUnary();
            left = arithmetic(operator, left, right);
        }
        return left;
    }

    private Operand arithmetic(Token token, Operand left, Operand right) throws SelectorParseException {
        String operands = "the operands of '" + token.text() + "'";
        requireNumeric(left, operands);
        requireNumeric(right, operands);
        ArithmeticOperator operator = switch (token.kind()) {
            case PLUS -> ArithmeticOperator.ADD;
            case MINUS -> ArithmeticOperator.SUBTRACT;
            case STAR -> ArithmeticOperator.MULTIPLY;
            case SLASH -> ArithmeticOperator.DIVIDE;
            default -> throw new IllegalStateException("not an arithmetic operator: " + token);
        };
        return new Operand(new ArithmeticExpression(operator, left.expression(), right.expression()),
                StaticType.NUMERIC, left.position(), null,
                deeper(Math.max(left.depth(), right.depth()), left.position()));
    }

    private Operand parseUnary() throws SelectorParseException {
        Token sign = peek();
        if (sign.kind() != TokenKind.PLUS && sign.kind() != TokenKind.MINUS) {
            return parsePrimary();
        }
        advance();
        boolean negate = sign.kind() == TokenKind.MINUS;
        Token next = peek();
        if (negate && next.kind() == TokenKind.EXACT_NUMBER && next.value() == null) {
            advance();
            return new Operand(new Constant(Long.MIN_VALUE), StaticType.NUMERIC, sign.position(), null, 1);
        }
        enter(sign);
        Operand operand = parseUnary();
        leave();
        requireNumeric(operand, "the operand of unary '" + sign.text() + "'");
        if (operand.expression() instanceof Constant constant && constant.value() != null) {
            Object folded = negate ? Values.negate(constant.value()) : constant.value();
            return new Operand(new Constant(folded), StaticType.NUMERIC, sign.position(), null, 1);
        }
        return new Operand(new SignExpression(negate, operand.expression()), StaticType.NUMERIC, sign.position(),
                null, deeper(operand.depth(), sign.position()));
    }

    private Operand parsePrimary() throws SelectorParseException {
        Token token = peek();
        switch (token.kind()) {
            case LEFT_PAREN: {
                advance();
                enter(token);
                Operand inner = parseOr();
                leave();
                Token close = peek();
                if (close.kind() != TokenKind.RIGHT_PAREN) {
                    throw error(close, "expected ')' to close the '(' at position " + token.position()
                            + " but found " + close.describe());
                }
                advance();
                return new Operand(inner.expression(), inner.type(), token.position(), inner.identifier(),
                        inner.depth());
            }
            case STRING:
                advance();
                return literal(new Constant(token.value()), StaticType.STRING, token);
            case EXACT_NUMBER:
                if (token.value() == null) {
                    throw error(token, "exact numeric literal " + token.text() + " is out of the range of long");
                }
                advance();
                return literal(new Constant(token.value()), StaticType.NUMERIC, token);
            case APPROXIMATE_NUMBER:
                advance();
                return literal(new Constant(token.value()), StaticType.NUMERIC, token);
            case TRUE:
                advance();
                return literal(Constant.TRUE, StaticType.BOOLEAN, token);
            case FALSE:
                advance();
                return literal(Constant.FALSE, StaticType.BOOLEAN, token);
            case NULL:
                throw error(token, "NULL is not a value: it can only follow IS or IS NOT"
                        + " (write x IS NULL instead of x = NULL)");
            case IDENTIFIER:
                advance();
                return identifier(token);
            default:
                String hint = token.kind().keyword() != null ? " (reserved words cannot be identifiers)" : "";
                throw error(token, "expected an operand but found " + token.describe() + hint);
        }
    }

    private static Operand literal(Constant constant, StaticType type, Token token) {
        return new Operand(constant, type, token.position(), null, 1);
    }

    private Operand identifier(Token token) {
        String name = token.text();
        if (name.startsWith("JMS") && !name.startsWith("JMSX") && !name.startsWith("JMS_")
                && !SELECTABLE_HEADERS.contains(name)) {
            LOG.debug("Selector \"{}\" refers to {}, which is not a selectable header field; it evaluates as NULL",
                    input, name);
            return new Operand(new UnselectableHeader(name), StaticType.NULL, token.position(), name, 1);
        }
        identifiers.add(name);
        return new Operand(new PropertyReference(name), StaticType.ANY, token.position(), name, 1);
    }

    private void requireCondition(Operand operand, String rule) throws SelectorParseException {
        if (operand.type().excludesBoolean()) {
            throw error(operand.position(), rule + ", found " + operand.type().description());
        }
    }

    private void requireNumeric(Operand operand, String role) throws SelectorParseException {
        if (operand.type().excludesNumeric()) {
            throw error(operand.position(), role + " must be numeric, found " + operand.type().description());
        }
    }

    private void requireIdentifier(Operand operand, Token operator) throws SelectorParseException {
        if (operand.identifier() == null) {
            String name = operator.kind() == TokenKind.IS ? "IS NULL" : operator.kind().keyword();
            throw error(operand.position(), "the left operand of " + name + " must be an identifier, found "
                    + operand.type().description());
        }
    }

    private int deeper(int childDepth, int position) throws SelectorParseException {
        int depth = childDepth + 1;
        if (depth > MAX_TREE_DEPTH) {
            throw error(position, "the selector is nested too deeply (more than " + MAX_TREE_DEPTH + " levels)");
        }
        return depth;
    }

    private void enter(Token token) throws SelectorParseException {
        nesting++;
        if (nesting > MAX_NESTING) {
            throw error(token, "the selector is nested too deeply (more than " + MAX_NESTING
                    + " levels of parentheses, NOT or signs)");
        }
    }

    private void leave() {
        nesting--;
    }

    /** Maps an index in a decoded string literal back to its offset in the selector text. */
    private static int rawOffset(Token literal, int decodedIndex) {
        String raw = literal.text();
        int offset = 1;
        for (int decoded = 0; decoded < decodedIndex; decoded++) {
            offset += raw.charAt(offset) == '\'' ? 2 : 1;
        }
        return literal.position() + offset;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (token.kind() != TokenKind.EOF) {
            index++;
        }
        return token;
    }

    private boolean accept(TokenKind kind) {
        if (peek().kind() == kind) {
            advance();
            return true;
        }
        return false;
    }

    private Token expect(TokenKind kind, String messagePrefix) throws SelectorParseException {
        Token token = peek();
        if (token.kind() != kind) {
            throw error(token, messagePrefix + token.describe());
        }
        return advance();
    }

    private SelectorParseException error(Token token, String reason) {
        return error(token.position(), reason);
    }

    private SelectorParseException error(int position, String reason) {
        return new SelectorParseException(input, position, reason);
    }
}
