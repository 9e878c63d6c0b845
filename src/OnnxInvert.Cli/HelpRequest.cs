using CommandLine;

namespace OnnxInvert.Cli;

/// <summary>A command line that did not parse into a verb's options: help, version, or a usage error.</summary>
/// <param name="Args">The raw arguments.</param>
/// <param name="Result">What the parser made of them.</param>
/// <param name="Errors">Why they did not parse (help and version requests are errors to the parser).</param>
/// <param name="Reparse">Parses other arguments with the same parser (to build one verb's help for <c>help VERB</c>).</param>
internal sealed record HelpRequest(string[] Args, ParserResult<object> Result, Error[] Errors, Func<string[], ParserResult<object>> Reparse);
