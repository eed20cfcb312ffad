// Package prompts holds what the FAQ engine reads but nobody should have to
// recompile to change: the LLM prompt template, the bundled knowledge
// documents and the small word lists that bridge members' words and the
// documents' words. Everything is embedded, so the binary runs alone.
package prompts

import "embed"

// Knowledge is the bundled knowledge documents (knowledge/*.txt, *.md), used
// when no CLUBBOT_KNOWLEDGE folder is configured.
//
//go:embed knowledge
var Knowledge embed.FS

// Answer is the text/template for the LLM prompt's user message: the
// passages and the question, each quoted as data; see the template for the
// fields. Untrusted text goes here only, never in AnswerSystem.
//
//go:embed answer.tmpl
var Answer string

// AnswerSystem is the LLM prompt's system message: the instructions alone,
// with no member's or document's text in it, so nothing a member types can
// pose as an instruction.
//
//go:embed answer-system.txt
var AnswerSystem string

// Synonyms maps lay phrases to the documents' terms, one rule a line:
// "heel pain in the morning = plantar fasciitis heel".
//
//go:embed synonyms.txt
var Synonyms string

// TopicWords lists the foot-care vocabulary a question must touch before the
// bundled documents may answer it, one word a line.
//
//go:embed topic-words.txt
var TopicWords string

// FillerWords lists question words that carry no topic ("best", "tips"...):
// they do not count when measuring how much of a question a passage covers.
//
//go:embed filler-words.txt
var FillerWords string

// BodyParts lists the body parts the documents cover and those they do not; a
// question about one of them, with no foot word in it, is declined.
//
//go:embed body-parts.txt
var BodyParts string

// Asked is questions members asked, one JSON object a line: the question
// set it comes from, the question, and phrases of the sentence that answers
// it. The FAQ engine learns members' words for each sentence from them;
// bot/faq's tests write it from their scored question sets.
//
//go:embed asked.jsonl
var Asked string
