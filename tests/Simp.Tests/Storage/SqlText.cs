using System.Text;

namespace Simp.Tests.Storage;

/// <summary>The kinds of token <see cref="SqlText.Tokenize"/> yields.</summary>
internal enum SqlTokenKind
{
    /// <summary>A string literal; the text is its value, quotes removed and doubled quotes undone.</summary>
    String,

    /// <summary>A keyword, identifier or number.</summary>
    Word,

    /// <summary>An <c>@Name</c>; the text is the name without the sign.</summary>
    Parameter,

    /// <summary>An <c>@@NAME</c> such as <c>@@ROWCOUNT</c>.</summary>
    SystemVariable,

    /// <summary>Any other single character.</summary>
    Symbol,
}

/// <summary>A token of SQL text.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text)
{
    public bool IsWord(string word) =>
        Kind == SqlTokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(char symbol) => Kind == SqlTokenKind.Symbol && Text[0] == symbol;
}

/// <summary>
/// Just enough of a SQL lexer to check schema scripts without a database: it knows string
/// literals ('' escapes, an N prefix), comments, words, parameters and symbols, which is common
/// ground for T-SQL, PostgreSQL and SQLite as the scripts use them.
/// </summary>
internal static class SqlText
{
    /// <summary>Splits SQL into tokens, skipping blanks and comments.</summary>
    /// <exception cref="FormatException">A string literal or block comment is not closed.</exception>
    public static IReadOnlyList<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && At(sql, i + 1) == '-')
            {
                i = sql.IndexOf('\n', i) is var end and >= 0 ? end + 1 : sql.Length;
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end >= 0 ? end + 2 : throw new FormatException($"A block comment at offset {i} is not closed.");
            }
            else if (c == '\'' || (c is 'N' or 'n' && At(sql, i + 1) == '\''))
            {
                i = ReadString(sql, c == '\'' ? i : i + 1, tokens);
            }
            else if (c == '@')
            {
                var system = At(sql, i + 1) == '@';
                var start = system ? i + 2 : i + 1;
                var end = WordEnd(sql, start);
                tokens.Add(system
                    ? new SqlToken(SqlTokenKind.SystemVariable, sql[start..end])
                    : new SqlToken(SqlTokenKind.Parameter, sql[start..end]));
                i = end;
            }
            else if (IsWordChar(c))
            {
                var end = WordEnd(sql, i);
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[i..end]));
                i = end;
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString()));
                i++;
            }
        }

        return tokens;
    }

    /// <summary>
    /// The rows a script writes into the query table: every <c>('Key', 'text')</c> pair of string
    /// literals whose first is a bare identifier, whatever statement carries it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A key is written twice.</exception>
    public static IReadOnlyDictionary<string, string> InsertedQueries(string script)
    {
        var tokens = Tokenize(script);
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 4 < tokens.Count; i++)
        {
            if (tokens[i].IsSymbol('(') && tokens[i + 1].Kind == SqlTokenKind.String && tokens[i + 2].IsSymbol(',')
                && tokens[i + 3].Kind == SqlTokenKind.String && tokens[i + 4].IsSymbol(')')
                && IsIdentifier(tokens[i + 1].Text))
            {
                if (!queries.TryAdd(tokens[i + 1].Text, tokens[i + 3].Text))
                {
                    throw new InvalidOperationException($"The query key '{tokens[i + 1].Text}' is written twice.");
                }
            }
        }

        return queries;
    }

    /// <summary>The parameters a query reads: every <c>@Name</c> but the variables it declares itself.</summary>
    public static IReadOnlySet<string> ParametersOf(string query)
    {
        var tokens = Tokenize(query);
        var declared = tokens
            .Where((token, i) => token.Kind == SqlTokenKind.Parameter && i > 0 && tokens[i - 1].IsWord("DECLARE"))
            .Select(token => token.Text)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        return tokens
            .Where(token => token.Kind == SqlTokenKind.Parameter && !declared.Contains(token.Text))
            .Select(token => token.Text)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// What is unbalanced in a piece of SQL: string literals and comments left open, parentheses,
    /// and T-SQL blocks (<c>BEGIN</c> or <c>CASE</c> against <c>END</c>; <c>BEGIN TRANSACTION</c>
    /// opens no block). Empty when all is balanced.
    /// </summary>
    public static IReadOnlyList<string> Imbalances(string sql)
    {
        IReadOnlyList<SqlToken> tokens;
        try
        {
            tokens = Tokenize(sql);
        }
        catch (FormatException exception)
        {
            return [exception.Message];
        }

        var problems = new List<string>();
        var (parentheses, blocks) = (0, 0);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var next = i + 1 < tokens.Count ? tokens[i + 1] : default;
            parentheses += token.IsSymbol('(') ? 1 : token.IsSymbol(')') ? -1 : 0;
            var opensBlock = token.IsWord("CASE")
                || (token.IsWord("BEGIN")
                    && !next.IsWord("TRAN") && !next.IsWord("TRANSACTION") && !next.IsWord("DISTRIBUTED"));
            if (opensBlock)
            {
                blocks++;
            }
            else if (token.IsWord("END"))
            {
                blocks--;
            }

            if (parentheses < 0 || blocks < 0)
            {
                problems.Add($"A closing {(parentheses < 0 ? "parenthesis" : "END")} has no opening one (token {i}).");
                (parentheses, blocks) = (Math.Max(parentheses, 0), Math.Max(blocks, 0));
            }
        }

        if (parentheses > 0)
        {
            problems.Add($"{parentheses} parenthesis(es) left open.");
        }

        if (blocks > 0)
        {
            problems.Add($"{blocks} BEGIN or CASE block(s) left open.");
        }

        return problems;
    }

    private static int ReadString(string sql, int quote, List<SqlToken> tokens)
    {
        var value = new StringBuilder();
        var i = quote + 1;
        while (true)
        {
            var end = sql.IndexOf('\'', i);
            if (end < 0)
            {
                throw new FormatException($"A string literal at offset {quote} is not closed.");
            }

            value.Append(sql, i, end - i);
            if (At(sql, end + 1) != '\'')
            {
                tokens.Add(new SqlToken(SqlTokenKind.String, value.ToString()));
                return end + 1;
            }

            value.Append('\'');
            i = end + 2;
        }
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_')
        && text.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '#' or '$';

    private static int WordEnd(string sql, int start)
    {
        var end = start;
        while (end < sql.Length && IsWordChar(sql[end]))
        {
            end++;
        }

        return end;
    }

    private static char At(string sql, int index) => index < sql.Length ? sql[index] : '\0';
}
