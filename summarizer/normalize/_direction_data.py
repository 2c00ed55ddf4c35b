"""Word tables for direction.py: verbs of giving and getting weapons, prepositions, articles,
language clues and case endings, in 8 languages."""

from __future__ import annotations

import re

from summarizer.normalize._text import word_set

# Verbs whose grammatical subject gives the goods (supply) or gets them (acquire); tense does
# not matter for direction, so infinitives and futures are listed too. Passive forms are not.
SUPPLY_VERBS: list[str] = [
    r"deliver(?:s|ed|ing)?",
    r"suppl(?:y|ies|ied|ying)",
    r"s(?:old|ells?|elling)",
    r"hand(?:s|ed)? over",
    r"ship(?:s|ped)?",
    r"export(?:s|ed)?",
    r"transferr?(?:s|ed)?",
    r"offer(?:s|ed)?",
    r"provide[sd]?",
    r"sen(?:t|ds?)",
    r"liefer(?:t|te|ten|n)",
    r"geliefert",
    r"verkauf(?:t|te|ten|en)",
    r"verkauft",
    r"exportier(?:t|te|ten|en)",
    r"ubergab(?:en)?",
    r"ubergeben",
    r"bietet",
    r"bot",
    r"angeboten",
    r"schickt(?:e|en)?",
    r"geschickt",
    r"постав(?:ил|ила|или|ило|ляет|ляют|ит|ят|лять|ить)",
    r"передал[аио]?",
    r"переда(?:ет|ют|ст|дут|ть)",
    r"продал[аио]?",
    r"прода(?:ет|ют|ст|ть)",
    r"отправил[аио]?",
    r"экспортир\w*",
    r"предложил[аио]?",
    r"предлагает",
    r"livr(?:e|ent|era|eront|ait|er|ee|es|ees)",
    r"fourni(?:t|ra|ssent)?",
    r"vend(?:u|ent|ra)?",
    r"exporte\w*",
    r"transfere\w*",
    r"cede(?:s|es)?",
    r"propose",
    r"offert",
    r"entreg(?:o|a|an|ara|aron|ado|ar)",
    r"suministr(?:o|a|an|ara|aron|ado|ar)",
    r"vend(?:io|e|en|era|ieron|ido|er)",
    r"export(?:o|a|an|aron)",
    r"transfirio",
    r"ofrec(?:io|e|en|ieron)",
    r"envi(?:o|a|an|aron)",
    r"سلمت",
    r"سلم",
    r"ستسلم",
    r"(?<=لم )(?:ت|ي)سلم",
    r"زود(?:ت)?",
    r"تزود",
    r"باع(?:ت)?",
    r"عرض(?:ت)?",
    r"ارسل(?:ت)?",
    r"teslim e(?:t|d)(?!il)\w*",
    r"sevk e(?:t|d)(?!il)\w*",
    r"sat(?:ti|tig|acak|ar|iyor|mis)\w*",
    r"gonder(?:di|dig|ecek|iyor|mis|ib)\w*",
    r"ihrac e(?:t|d)(?!il)\w*",
    r"teklif e(?:t|d)(?!il)\w*",
    r"tehvil ver(?!il)\w*",
    r"satdi\w*",
    r"ixrac e(?:t|d)(?!il)\w*",
]
ACQUIRE_VERBS: list[str] = [
    r"receive[sd]?",
    r"b(?:ought|uys?)",
    r"purchased",
    r"acquire[sd]?",
    r"order(?:s|ed)",
    r"import(?:s|ed)",
    r"took delivery",
    r"obtained",
    r"procure[sd]?",
    r"erhielt(?:en)?",
    r"erhalt",
    r"kauft(?:e|en)?",
    r"gekauft",
    r"bestellt(?:e|en)?",
    r"importiert(?:e|en)?",
    r"bekam(?:en)?",
    r"bekommt",
    r"beschafft(?:e|en)?",
    r"получил[аио]?",
    r"получает",
    r"получит",
    r"купил[аио]?",
    r"покупает",
    r"закупил[аио]?",
    r"закупает",
    r"приобрел[аио]?",
    r"приобретает",
    r"заказал[аио]?",
    r"импортир\w*",
    r"a recu",
    r"ont recu",
    r"recoit",
    r"achet\w*",
    r"acquis",
    r"acquiert",
    r"(?:a|ont) command\w*",
    r"importe",
    r"recibi(?:o|eron)",
    r"recibe",
    r"compr(?:o|aron)",
    r"adquiri(?:o|eron)",
    r"adquiere",
    r"import(?:o|aron)",
    r"تسلمت",
    r"استلم(?:ت)?",
    r"تلقت",
    r"تلقي",
    r"اشترت",
    r"اشتري",
    r"حصلت",
    r"teslim al\w*",
    r"satin al(?:di|dig|mis|acak|iyor|ir|mayi|maya)\w*",
    r"ithal e(?:t|d)\w*",
    r"tehvil al\w*",
    r"elde et\w*",
]

# Auxiliaries that make the next participle passive: its subject is the goods, not a country.
PASSIVE_AUX = word_set("""was were been being is are wurde wurden worden werden ete est sont fue
    fueron sido son""")
DE_PASSIVE = word_set("wurde wurden werden worden wird")
# Auxiliaries, modals and negations that may sit between a subject and its verb.
AUX = word_set(
    "has have had will would hat haben hatte hatten wird werden a ont avait va vont ha han"
    " habia van не n already yet also bereits schon auch уже также ya deja tambien"
)

# Prepositions that make a country the supplier or the recipient.
FROM = word_set("from aus von из от desde")
TO = word_set("to nach الي")
FOR = word_set("for fur para")
BY = word_set("by par por")
# French participles of supplying, after which "par X" is the supplier.
SUPPLIED_FR = word_set("livres livrees fournis vendus")
# Verbs after which "for X" is the reason, not the destination: "thanked Russia for ...".
NOT_DESTINATION = word_set(
    "thanked thanks thank asked asks blamed blames criticized criticised praised responsible"
    " dankte dankt bat kritisierte agradecio pidio"
)
# Buying words after which Spanish "a" / French "à" names the seller: "compró a Dinamarca".
BUY_BEFORE_A = re.compile(
    r"(?:compr|adquir|achet|acqui)\w*$|import(?:o|aron|ad[oa]s?|e|es|ee|ees)$"
)
# Prepositions that give no direction but do rule a mention out as a sentence subject.
OTHER_PREPOSITIONS = word_set(
    "in en with mit avec con с со في مع de of del du des в во у для к по на ile"
)
# Articles between a preposition and a name ("an den Iran", "à l'Inde", "to the UAE"). Not
# "a"/"an"/"al": those are prepositions in Spanish, French (à) and German.
ARTICLES = word_set("the der die das den dem des la le les l el los las")
# Countries that take "der" in the German nominative; for the rest "der" marks dative/genitive.
DE_MASCULINE = word_set("iran irak libanon sudan jemen tschad niger kongo oman")

# Common words and letters that tell the sentence's language apart.
EN_HINTS = word_set("the of and is has have with from by that its their were to")
DE_HINTS = word_set(
    "der die das den dem und hat nicht ist wurde wurden mit von fur nach auf ein eine keine"
    " sich auch liefert"
)
ES_HINTS = word_set("el los las del y con para una al fue por sus su segun entre")
TR_HINTS = word_set("ve ile icin olarak uzere bir bu ise dedi")
TR_LETTERS = re.compile(r"[şğıİəƏŞĞ]")
# A capitalised name with an apostrophised case suffix: "Endonezya'ya", "Katar’a".
TR_CASE = re.compile(r"[A-ZÇŞİÖÜ]\w+['’](?:y?[ae]|n[ae]|[dt][ae]n?|n?[ıiuü]n|n[dt][ae]n)(?!\w)")
# ñ, ¿, ¡ and a stressed final ó ("entregó", "firmó") occur in Spanish, not French.
ES_LETTERS = re.compile(r"[ñ¿¡]|\wó(?!\w)")

# Turkish/Azerbaijani case suffixes after a country name ("Belarus'a", "Rusya'dan").
TR_DATIVE = frozenset({"a", "e", "ya", "ye", "na", "ne"})
TR_ABLATIVE = frozenset({"dan", "den", "tan", "ten", "ndan", "nden"})
TR_GENITIVE = frozenset({"in", "nin", "un", "nun"})
# Russian nominative endings (folded: й -> и) for names that can be a sentence subject.
RU_NOMINATIVE = re.compile(r"(?:ия|ея|ина|ша|ка|ль|ан|аи|ак|ет|усь|ал|ур|ам)$")
RU_DATIVE = re.compile(r"(?:ии|е|у|ю)$")
RU_ACCUSATIVE = re.compile(r"(?:ию|ю|у|[бвгджзклмнпрстфхцчшщ]|аи)$")
RU_INSTRUMENTAL = re.compile(r"(?:ей|ои|ом|ем)$")
RU_TRANSFER = re.compile(r"(?:постав|передал|переда|продал|прода|отправ|экспорт|предлож)")
