"""Which language an article is written in, when its metadata does not say.

`detect(text)` returns an ISO 639-1 code of one of the 27 phrase-pack
languages (bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk
sl sv uk no tr), or `None` when it is unsure (too little text, a language
without a pack, or two close languages it cannot tell apart).

How it decides: the first ~4000 characters are split into words once (at
white space, punctuation trimmed; a regex tokeniser would cost more than
all the rest); each word that is a frequent function word ("und", "der", "że", "και" ...) of a
language counts one hit for that language. Letters that only some languages
use (`ř` Czech, `ľ` Slovak, `ć`/`đ` Croatian, `ї`/`є`/`і` Ukrainian, `ъ`
Bulgarian, `ő` Hungarian ...) add a small bonus, which settles close pairs
(cs/sk, hr/sl, bg/uk) on short texts. The best language wins when it has at
least `MIN_HITS` word hits and leads the runner-up clearly.

The detector only labels the article (reported in `signals.language` and used
to pick example wording in fixes); disclosure phrases are matched in every
pack's language regardless, so a wrong guess never hides a notice.
"""
from __future__ import annotations

from collections import Counter

__all__ = ["LANGUAGES", "detect"]

# Characters looked at: enough for a few paragraphs, cheap on long pages.
SAMPLE_CHARS = 4000
# Fewer function-word hits than this is too little evidence.
MIN_HITS = 3
# The winner must lead the runner-up by this many points and by this ratio.
MIN_LEAD = 2
MIN_RATIO = 1.15
# Bonus per distinct distinguishing letter present in the sample.
LETTER_BONUS = 2
# Letters are only looked at when words alone leave it this close.
CLEAR_RATIO = 1.5
CLEAR_LEAD = 10

# Stripped from both ends of a whitespace-separated token.
_PUNCT = ".,;:!?()[]{}<>\"'«»„“”‚‘’‹›-–—…/*#|·•0123456789%&+=_"

# Frequent function words per language, lower case. Words shared by close
# languages appear in each of their lists (they count for all of them); the
# words that tell the pair apart (da "af"/no "av"/sv "och", cs "jsou"/sk "sú",
# hr "koji"/sl "ki", es "el"/pt "não"/it "il") decide.
_STOPWORDS: dict[str, str] = {
    "bg": "и на в за да се с от е не по че са това как като който която които "
          "но или при след до във със тя той те ще бе беше бяха има още също "
          "между според година вече им ги му само тези тази този какво когато "
          "са ни нас днес където",
    "cs": "a je se na v že to s z o k do od po za ve ze jsou jsem byl byla bylo "
          "byli který která které jako při podle nebo ale už pro když jeho "
          "jejich však ještě není mezi před až tak jen proto této což již mají "
          "může protože také uvedl řekl dnes let",
    "da": "og i at det er en et til på med for af den de som har ikke var fra "
          "han hun jeg vi der blev efter også kan skal vil sig når men eller "
          "ud op mod meget noget nogle hvad hvor havde været bliver siger sagde "
          "mellem uden gennem end hendes deres disse dette kommune ifølge have "
          "oplyser fortæller hende blevet",
    "de": "der die das und ist in den von zu mit sich des auf für nicht im dem "
          "ein eine einen einer es auch als an nach wie bei aus er sie wird "
          "wurde werden hat haben sind war noch über zum zur um vor durch bis "
          "seit sagte oder aber nur so dass",
    "el": "και το η ο της του τα των την τον στο στην στη σε με για από που να "
          "δεν είναι θα οι ως ότι αλλά μετά ή στις στα στον τις τους έχει ήταν "
          "καθώς όπως μια ένα έναν πιο όμως",
    "en": "the of and to in a is that for on with as was it by be at from this "
          "are have has an or not but his her they which were been will said "
          "after also who their its more than about would there when",
    "es": "el la los las de que y en del se por con una un para es al lo como "
          "más pero sus su ya este esta fue ha sido entre cuando muy sin sobre "
          "también hasta hay donde desde todo nos durante según años ante "
          "porque son está han dijo",
    "et": "ja on ei see oli ka ta kui aga mis või nii siis kes mida juba veel "
          "pärast ning üle seda selle oma kuid nad mille ole olnud tema vastu "
          "kõik väga aastal järgi eest sest seal kus pole ütles et uus aasta "
          "täna eile neid",
    "fi": "ja on ei se että oli ovat mutta kun myös tai hän ole jo kuin mukaan "
          "sen vielä nyt jälkeen sekä joka jotka ollut olisi voi kanssa tämä "
          "tämän siitä sitä niin noin yli aikana vuonna mitä koska eli vain "
          "kertoo sanoo",
    "fr": "le la les de des du un une et est en que qui dans pour pas sur au "
          "aux avec ce cette il elle ils sont ont été a par plus se ne son sa "
          "ses leur mais ou où comme aussi après selon tout déjà être avait "
          "fait entre depuis lors très",
    "ga": "an na agus ar is i le go a ag de don do ó sa san bhí tá atá ní nach "
          "mar leis seo sin freisin ach faoi chun nó ina inniu dúirt níos "
          "bheidh beidh ann air orthu idir tar éis gur rinne aige aici",
    "hr": "je i u da se na za od su koji koja koje što kako ili bio bila bilo "
          "će nije sam smo iz s sa te ne to pa još samo jer prema nakon godine "
          "tijekom prije gdje kada bi ga im već također vrlo danas nekoliko "
          "rekao jedan",
    "hu": "a az és hogy nem is egy van meg de már ez azt csak mint még volt "
          "lesz el ki be fel után szerint között pedig vagy mert amely aki "
          "ami amikor majd sem kell több most nagyon ezt itt ott hanem lehet "
          "során miatt",
    "it": "il lo la i gli le di che e è in del della dei delle un una per con "
          "non si da al alla nel nella sono come anche più ma ha hanno stato "
          "stata questo questa dopo tra fra sul sulla dal dalla ci essere "
          "perché quando ancora secondo anni già degli loro suo sua",
    "lt": "ir kad yra su iš į bet jau nuo tai ne o per kaip buvo bus tik dar "
          "apie jo jos po taip arba kuris kuri kurie nes prie dėl metų metais "
          "savo jis ji jie tačiau kai labai teigė",
    "lv": "un ir ar par uz no kā ka tas to bet arī vai lai tika bija kas šo "
          "pēc jau vēl viņš viņa būs tiek nav līdz starp tikai savu gadā gada "
          "ļoti kuru kurš kura kad pie tā tie sacīja",
    "mt": "il u li ta tal fil ma mill għal għall minn kien kienet huwa hija "
          "dan din dawn wara fuq bħala biex jew iżda ukoll anki skont kif meta "
          "qal qalet dwar bejn lil lill mal sal ħafna aktar hemm illum minħabba "
          "kollha issa",
    "nl": "de het een en van in is dat op te met voor zijn niet die aan er ook "
          "om als bij door werd worden naar uit heeft hebben maar nog wordt "
          "over dan zo tot al of was waren deze dit na zei volgens onder wel "
          "meer",
    "no": "og i å det er en et til på med for av den de som har ikke var fra "
          "han hun jeg vi ble etter også kan skal vil seg når men eller ut "
          "opp mot mye noe noen hva hvor hadde vært blir sier sa mellom uten "
          "gjennom enn hennes deres disse dette kommune ifølge blitt nå",
    "pl": "i w z na się nie do to że jest o jak po od za a co ale przez dla tak "
          "są już jego jej który która które było był była będzie może tylko "
          "przy także oraz jednak gdy ich we czy też według roku lat ze można "
          "być został została",
    "pt": "o a os as de que e em do da dos das no na nos nas um uma para com "
          "não por se mais ao como foi pelo pela seu sua ou quando muito "
          "também já está são ser ter tem até isso ela ele entre depois sem "
          "mesmo aos segundo anos há onde às após disse",
    "ro": "și şi în de la a cu pe care nu din că se este sunt au fost pentru "
          "mai un o al ale lui ei sau dar după despre iar va fi are prin acest "
          "această aceasta între până când doar fiind anul potrivit",
    "sk": "a je sa na v že to s z o k do od po za vo zo sú som bol bola bolo "
          "boli ktorý ktorá ktoré ako pri podľa alebo ale už pre keď jeho ich "
          "však ešte nie medzi pred až tak len preto tejto aj tiež majú môže "
          "pretože uviedol povedal dnes rokov bude budú cez",
    "sl": "je in v da se na za od so ki kot ali bil bila bilo bo ni sem smo iz "
          "s z te ne to pa še samo ker po leta med pred kje ko bi ga jih že "
          "tudi zelo danes lahko bodo kar kaj oziroma dejal kjer pri ter naj saj "
          "tem tega tej jih jo prav",
    "sv": "och i att det är en ett till på med för av den de som har inte var "
          "från han hon jag vi där blev efter också kan ska skall vill sig när "
          "men eller ut upp mot mycket något några vad hade varit blir säger "
          "sade mellan utan genom än hennes deras dessa detta kommun enligt",
    "tr": "ve bir bu da de için ile olarak olan gibi daha çok en ama değil var "
          "yok sonra kadar ancak şu o ise ya veya göre her ne mi tarafından "
          "olduğu olduğunu ilgili yapılan yılında arasında karşı üzerine "
          "şekilde dedi etti oldu yeni yıl açıkladı belirtti söyledi kaydetti "
          "ifade bugün dün sonra önce ayrıca kez tüm büyük",
    "uk": "і в на з у що не до та за як це від є його її але по при так було "
          "буде вже також який яка які або щоб після через між він вона вони "
          "ми під над коли тому має може році року саме ще лише для а",
    # Not a pack language: Russian shares most Cyrillic function words with
    # bg/uk; scoring it lets a Russian text come out as "unsure" (None).
    "ru": "и в не на что это он как по из был было который также только его "
          "она они для от года был были уже его при этом",
}

# Letters used by only a few of the languages.
_LETTERS: dict[str, str] = {
    "bg": "ъѝ", "uk": "іїєґ", "ru": "ыэё",
    "cs": "řěů", "sk": "ľĺŕôä", "hr": "ćđ", "pl": "łąęśźżń", "hu": "őű",
    "ro": "țșăţ", "tr": "ğı", "lv": "āēīģķļņ", "lt": "ėįų", "mt": "ħġċ",
    "et": "õ", "de": "ß", "da": "æø", "no": "æø", "sv": "", "el": "",
}

# Not pack languages: they compete so that their texts give None, not a guess.
_UNSUPPORTED = frozenset({"ru"})



def _pack_languages() -> tuple[str, ...]:
    """The languages with a phrase pack (`rules/phrases/<code>.yaml`): the
    one list of supported languages."""
    from .rules import folder
    return tuple(sorted(p.stem for p in (folder() / "phrases").glob("*.yaml") if len(p.stem) == 2))


LANGUAGES: tuple[str, ...] = _pack_languages()


def _index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for lang, words in _STOPWORDS.items():
        for w in set(words.split()):
            index.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


# Built on the first detect() call, so importing the module costs nothing.
_INDEX: dict[str, tuple[str, ...]] = {}
_LETTER_SETS = {lang: frozenset(s) for lang, s in _LETTERS.items() if s}


def detect(text: str) -> str | None:
    """The language of `text` as an ISO 639-1 code, or None when unsure.

    >>> detect("Der Bürgermeister hat am Montag die neue Brücke eröffnet, die seit zwei Jahren gebaut wurde.")
    'de'
    >>> detect("OK") is None
    True
    """
    if not text:
        return None
    sample = text[:SAMPLE_CHARS].lower()
    # Whitespace split + Counter run in C; only distinct tokens are looked at
    # in Python.
    counts = Counter(sample.split())
    scores: dict[str, int] = {}
    if not _INDEX:
        _INDEX.update(_index())
    index = _INDEX
    for token, n in counts.items():
        langs = index.get(token)
        if langs is None:
            word = token.strip(_PUNCT)
            langs = index.get(word)
            if langs is None and "-" in word:   # Maltese "tal-Gvern", "fil-belt"
                langs = index.get(word.split("-", 1)[0])
            if langs is None:
                continue
        for lang in langs:
            scores[lang] = scores.get(lang, 0) + n
    if not scores or max(scores.values()) < MIN_HITS:
        return None
    hits = dict(scores)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] < CLEAR_RATIO * ranked[1][1] + CLEAR_LEAD:
        # Close call (short text, or close languages): letters decide.
        chars = set("".join(counts))
        for lang, letters in _LETTER_SETS.items():
            if lang in scores:
                shared = len(letters & chars)
                if shared:
                    scores[lang] += LETTER_BONUS * shared
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if best in _UNSUPPORTED or hits.get(best, 0) < MIN_HITS:
        return None
    if top - second < MIN_LEAD or top < MIN_RATIO * second:
        return None
    return best
