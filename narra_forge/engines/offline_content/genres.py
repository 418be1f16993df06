# ruff: noqa: E501  (vocabulary tables: one sentence per line reads better than wrapped)
"""One vocabulary kit per genre: what its worlds, people and sentences are made of.

Why kits and not one big list: the same sentence grammar filled from a horror kit and
from a romance kit must read like two different books. Entries may contain slots that
the prose composer fills (``{X.his}`` is the actor of the gesture; ``{L}`` the listener
of a line; ``{place}``, ``{obj}``, ``{feature}``, ``{threat}``, ``{goal}``, ``{adj}``).
Conventions: ``objects`` are bare nouns (the grammar adds "the"); ``features``,
``lights``, ``sounds``, ``smells``, ``feelings`` and ``threats`` carry their article;
``weather`` entries are clauses; ``thoughts`` start with "that"; nothing here is a
capitalised proper name, so the only names in the prose are the cast's and the places'.
"""

from __future__ import annotations

from dataclasses import dataclass

from narra_forge.engines.offline_content.common import lines


@dataclass(frozen=True)
class GenreKit:
    key: str
    label: str
    # planning
    tones: tuple[str, ...]
    themes: tuple[str, ...]
    title_nouns: tuple[str, ...]
    title_adjs: tuple[str, ...]
    heroes: tuple[str, ...]
    stakes: tuple[str, ...]
    world_a: tuple[str, ...]
    world_b: tuple[str, ...]
    world_joiner: str
    eras: tuple[str, ...]
    summaries: tuple[str, ...]
    place_stems: tuple[str, ...]
    place_kinds: tuple[str, ...]  # "Kind|what it is like"
    rules: tuple[str, ...]
    faction_a: tuple[str, ...]
    faction_b: tuple[str, ...]
    conflicts: tuple[str, ...]
    macguffins: tuple[str, ...]
    occupations: tuple[str, ...]
    # prose
    features: tuple[str, ...]
    objects: tuple[str, ...]
    adjectives: tuple[str, ...]
    weather: tuple[str, ...]
    lights: tuple[str, ...]
    sounds: tuple[str, ...]
    smells: tuple[str, ...]
    feelings: tuple[str, ...]
    emotions: tuple[str, ...]
    threats: tuple[str, ...]
    goals: tuple[str, ...]
    thoughts: tuple[str, ...]
    gestures: tuple[str, ...]
    tags: tuple[str, ...]
    lines: tuple[str, ...]
    sentences: tuple[str, ...]
    deaths: tuple[str, ...]
    #: how talkative the genre is: scales how often scenes break into dialogue
    dialogue: float = 1.0


FANTASY = GenreKit(
    key="fantasy",
    label="fantasy",
    tones=lines("""
        wondrous and bittersweet
        grim, hopeful and hard-won
        lyrical, with a thread of dread
        warm-hearted adventure under a darkening sky
        mythic and melancholy
    """),
    themes=lines("""
        the price of power
        loyalty tested by fate
        memory and forgetting
        the courage of ordinary people
        inheritance and what we owe the dead
        the line between legend and lie
        home, lost and remade
        mercy toward an enemy
    """),
    title_nouns=lines("""
        Crown
        Ember
        Oath
        Thorn
        Hollow
        Tide
        Lantern
        Throne
        Ash
        Sigil
        Wyrm
        Bell
        Gate
        Harrow
    """),
    title_adjs=lines("""
        Last
        Broken
        Silver
        Sunken
        Burning
        Hollow
        Forgotten
        Winter
        Ashen
        Sleeping
        Iron
        Quiet
    """),
    heroes=lines("""
        a disgraced cartographer
        an apprentice hedge-witch
        a grave-keeper's daughter
        an exiled knight
        a thief with a borrowed name
        a young archivist
    """),
    stakes=lines("""
        before the old wards fail and the kingdom burns
        before the crown passes to a hand that should never hold it
        while the last of the old magic bleeds out of the land
        before winter closes the passes for a hundred years
    """),
    world_a=lines("""
        Vey
        Ael
        Mor
        Thal
        Eri
        Kael
        Bry
        Osk
        Lum
        Sar
    """),
    world_b=lines("""
        andor
        wyn
        mere
        oth
        aris
        esse
        hallow
        gard
        reth
        ion
    """),
    world_joiner="",
    eras=lines("""
        the Third Age of the Ember Crown
        the long winter after the Sundering
        the ninth year of the Regent's peace
        the last century of the old wards
    """),
    summaries=lines("""
        {world} is a kingdom of walled towns and old forests, held together by wards no living mage fully understands.
        {world} is a land of river-kingdoms and broken watchtowers, where the old gods are remembered mostly in curses.
        {world} is a cold northern realm of pine and granite, where every village keeps a bell against the dark.
    """),
    place_stems=lines("""
        Ashfall
        Thornwick
        Greywater
        Embermoor
        Hollowmere
        Stormhaven
        Duskwater
        Ravenholt
        Briarwood
        Silverrun
        Coldharbour
        Wyrmrest
        Lanternfold
        Highcairn
    """),
    place_kinds=lines("""
        Library|a vaulted hall where chained books climb into a darkness no candle reaches
        Keep|a square grey fortress whose banners have faded to the colour of bone
        Abbey|half-ruined cloisters where the bells still ring at midnight with no one to pull them
        Crossing|an old stone bridge and the toll-house that has guarded it for three hundred years
        Market|a tangle of stalls selling charms, spices and stolen relics under patched awnings
        Tower|a leaning spire of black stone where the court astrologers once read the stars
        Forest|an ancient wood of oak and yew where paths move when no one is watching
        Pass|a high, wind-scoured road between two mountains, marked with cairns of the lost
        Harbor|a crowded port of tarred hulls, gulls and sailors who swear by the sea-witch
        Barrow|a grassy burial mound with a sealed door that hums faintly at dusk
        Mill|a water-mill on a fast river, its wheel carved with warding runes
    """),
    rules=lines("""
        Magic is paid for in memory: every spell takes something its caster will never get back.
        The wards that keep the old things out are renewed by the crown, and only by the crown.
        Iron breaks a glamour; salt keeps a spirit from crossing a threshold.
        A name freely given is a kind of power, so most people go by their trade.
        No one crosses the border forest after dark and comes back unchanged.
    """),
    faction_a=lines("""
        Ember
        Lantern
        Thorn
        Silver
        Ash
        Raven
    """),
    faction_b=lines("""
        Wardens
        Court
        Guild
        Circle
        Brotherhood
        Company
    """),
    conflicts=lines("""
        The {f1} and the {f2} both want the {obj}, and whoever takes it decides whether the wards of {world} hold or fall.
        As the old magic fails across {world}, the {f1} would rather see the kingdom burn than share the {obj} with the {f2}.
        A hidden claimant, the {obj} and a dying ward: the {f1} and the {f2} are racing to decide the future of {world}.
    """),
    macguffins=lines("""
        sealed map
        ember crown
        ward-stone
        oath ledger
        glass key
        last true sigil
    """),
    occupations=lines("""
        cartographer
        hedge-witch
        knight
        archivist
        ferrywoman
        blacksmith
        court herald
        healer
        sellsword
        innkeeper
        falconer
        scribe
    """),
    features=lines("""
        the hearth
        the arrow-slit window
        the spiral stair
        the iron-bound door
        the stone well
        the row of tallow candles
        the tapestry wall
        the great oak table
        the crumbling parapet
        the ward-stones by the gate
        the dripping archway
        the stable yard
        the reading alcove
        the moss-grown steps
    """),
    objects=lines("""
        brass compass
        rune-carved dagger
        sealed letter
        lantern
        bundle of dried sage
        iron key
        leather-bound atlas
        wax seal
        silver ring
        bone flute
        healer's satchel
        cracked scrying glass
        ward-stone
        wolf-pelt cloak
        map case
        candle stub
        ash-wood staff
        copper coin
        herb pouch
        whetstone
    """),
    adjectives=lines("""
        ancient
        cold
        restless
        half-ruined
        ember-lit
        silent
        overgrown
        watchful
        weathered
        forgotten
        hallowed
        draughty
        moonlit
        smoke-dark
    """),
    weather=lines("""
        a thin rain drifted over the battlements
        frost had silvered every roof in the valley
        the wind came down off the mountains smelling of snow
        low cloud sat on the hills like a lid
        the moon hung red above the treeline
        sleet hissed against the shutters
        a warm wind stirred the banners without lifting them
        mist rose off the river in slow white ribbons
        the first stars were coming out over the pines
        thunder muttered somewhere beyond the pass
        the sun broke through in long gold bars
        snow was falling, soft and unhurried
    """),
    lights=lines("""
        the guttering candlelight
        the red glow of the forge
        the pale wash of moonlight
        the amber light of the hearth
        the blue flicker of the wards
        the last grey light of evening
        the lantern's swaying circle
        the cold light of dawn
    """),
    sounds=lines("""
        the creak of aged timber
        the distant toll of a bell
        the scrape of a sword on stone
        the cry of a hunting owl
        the murmur of the river
        the clatter of hooves in the yard
        the crackle of burning pine
        the low hum of the ward-stones
        a door banging somewhere below
        the slow drip of meltwater
    """),
    smells=lines("""
        the smell of woodsmoke
        the scent of crushed pine
        the sour tang of spilled wine
        the smell of wet stone
        the sweet rot of fallen apples
        the sharp scent of burning sage
        the smell of horses and leather
        the dusty scent of crumbling vellum
    """),
    feelings=lines("""
        a prickle of cold along the spine
        the old ache of a badly healed wound
        a lightness, as if the air itself had thinned
        the weight of too many sleepless nights
        the faint buzz of magic under the skin
        a chill that settled deep in the bones
    """),
    emotions=lines("""
        dread
        fierce hope
        grief
        wonder
        anger
        a reluctant kind of trust
        homesickness
        a slow-burning resolve
        guilt
        quiet pride
    """),
    threats=lines("""
        the thing beneath the barrow
        the regent's hunters
        the failing wards
        the riders in grey
        the witch-fire in the north
        the old curse on the bloodline
        the spreading blight
        the usurper's spies
    """),
    goals=lines("""
        the truth about the broken oath
        a way to mend the failing wards
        the name of the traitor
        the road home
        proof of the rightful claim
        the last of the old songs
        a cure for the blight
        the key to the sealed vault
    """),
    thoughts=lines("""
        that the old stories had been warnings, not entertainments
        that every ward in the kingdom was fraying at once
        that someone had walked this road only hours before
        that magic always asked for more than it first admitted
        that the crown had never been the prize at all
        that there would be no going back once the door was opened
        that the dead were watching, and not kindly
        that loyalty was a coin that could be spent only once
    """),
    gestures=lines("""
        rested a hand on the hilt at {X.his} hip
        traced a warding sign in the air
        pulled {X.his} cloak tighter
        brushed ash from {X.his} sleeve
        touched the ring on {X.his} finger for luck
        glanced up at the darkening sky
        knelt to study the tracks in the mud
        murmured a charm under {X.his} breath
        shouldered {X.his} pack
        stared into the fire
    """),
    tags=lines("""
        said
        murmured
        said gravely
        muttered
        whispered
        called
    """),
    lines=lines("""
        The wards are failing, {L}; I can feel it in my teeth.
        If we reach {place} by nightfall, we might still have a chance.
        You carry the {obj} as if it weighs nothing; it does not.
        Every road out of here is watched by {threat}.
        My grandmother swore the old songs were maps; I used to laugh at her.
        Do you trust me, {L}?
        I did not come all this way to bury another friend.
        There is a price for this kind of magic; there always is.
        They will hang us both if they find the {obj} on you.
        Look at the stars; they are wrong tonight.
        Tell me what you saw in {place}, and do not soften it.
        We are not heroes, {L}; we are simply the ones who stayed.
        Whatever waits past {feature}, we face it together.
        I know what the crown costs; I have seen it paid.
        Keep your voice down; stone has ears in this country.
        Swear it on your name, {L}; your true one.
        If I fall, you take the {obj} and you do not look back.
        The old magic does not forgive, and it does not forget.
        How long do we have before {threat} reaches the valley?
        You sound like my old master; he was usually right, too.
    """),
    sentences=lines("""
        {A} pressed a palm to {feature} and felt the old magic stir beneath it, {adj} and slow, like {sound}.
        Far off beyond {place}, {threat} was moving; {A} could feel it in the way the {obj} grew cold.
        A hedge-charm of twine and feathers hung over {feature}, and {B} touched it for luck before passing.
        {A} traced the sigil on the {obj} with one finger while {light} guttered and {sound} carried from the yard.
        The old tales said {place} had been built over a sleeping thing, and {A} half believed them near {feature}.
        {B} sharpened a blade on the {obj} beside {feature}, slow strokes in time with {sound}.
        Even the {adj} shadows by {feature} seemed to bow when {B} lifted the {obj} into {light}.
        {A} whispered the old words over the {obj}, and {light} bent toward {A.him} like a listening animal.
        The wards along {feature} flickered a faint, {adj} blue as {A} passed with the {obj}.
        Old runes had been cut into {feature}, so worn that only {A}'s fingers could read them by {light}, and they spoke of the {obj}.
        Somewhere in {place} a bell tolled once, and every candle near {feature} leaned toward the {obj}.
        {A} set the {obj} on the table, and for a moment the {adj} room seemed to hold its breath around {feature}.
        The stones of {place} remembered older kings, and under {sound} {A} could almost hear them muttering about the {obj}.
        A raven watched from {feature}, head tilted, as if it meant to carry tales of the {obj} to {threat}.
        {B} spoke a word that was not quite a word, and the air around the {obj} turned {adj} in {light}.
        {A} thought of the songs {A.he} had learned as a child by {light}, every one of them about {goal}, none of them about {threat}.
    """),
    deaths=lines("""
        The blade found its mark. {D.full} died on the cold stones of {place}, {D.his} hand still reaching for the {obj}.
        {W} held {D.first} until the end, and the wards flared once and went dark. {D.full} died as the bell began to toll.
        When the smoke cleared, {W} understood before {W.he} reached {D.him}. {D.full} was dead, and the fire had gone out of the {obj}.
    """),
)


SCIFI = GenreKit(
    key="scifi",
    label="science fiction",
    tones=lines("""
        taut and cerebral
        vast, lonely and hopeful
        cold-edged with a warm human core
        propulsive and full of wonder
        clinical, then suddenly tender
    """),
    themes=lines("""
        what makes a mind a person
        the cost of survival
        isolation among the stars
        memory, data and identity
        the ethics of first contact
        corporate power and the frontier
        trust between human and machine
        the long shadow of Earth
    """),
    title_nouns=lines("""
        Signal
        Orbit
        Horizon
        Drift
        Protocol
        Array
        Vector
        Singularity
        Relay
        Meridian
        Eclipse
        Frontier
        Cascade
        Static
    """),
    title_adjs=lines("""
        Dark
        Silent
        Distant
        Fractured
        Cold
        Final
        Hollow
        Binary
        Red
        Deep
        Lost
        Quiet
    """),
    heroes=lines("""
        a burned-out salvage pilot
        a junior xenolinguist
        a station medic on a final rotation
        a decommissioned android
        a colony engineer
        a disgraced navigator
    """),
    stakes=lines("""
        before the station's orbit decays into the gas giant
        before the corporation erases every record of what happened
        before the signal finishes its countdown
        while the colony's air runs out one recycled breath at a time
    """),
    world_a=lines("""
        Tycho
        Kepler
        Perihelion
        Halcyon
        Vanta
        Ceres
        Aurora
        Helion
        Nadir
        Orison
    """),
    world_b=lines("""
        Reach
        Expanse
        Belt
        Drift
        Sector
        Array
        Frontier
        Verge
    """),
    world_joiner=" ",
    eras=lines("""
        the second century of the Long Migration
        the year 2291, forty years after the Collapse
        the ninth decade of corporate charter rule
        the early years of the Quiet Contact
    """),
    summaries=lines("""
        {world} is a scatter of mining stations and half-terraformed moons, bound together by slow light and slower law.
        {world} is a frontier system on the far edge of the charter lanes, where every breath of air is owned by someone.
        {world} is a ring of habitats around a dying star, kept alive by machines that nobody quite remembers how to fix.
    """),
    place_stems=lines("""
        Kestrel
        Meridian
        Halcyon
        Obsidian
        Lumen
        Corvus
        Perseid
        Cobalt
        Arclight
        Talos
        Icarus
        Solace
        Vesper
        Zenith
    """),
    place_kinds=lines("""
        Station|a rotating habitat of scuffed corridors, recycled air and flickering status boards
        Docks|a zero-g berth where haulers cling to the hull like barnacles
        Observatory|a dome of cracked polymer looking out on a sky full of strange light
        Relay|an automated comms tower, humming with messages no one has answered in years
        Colony|a cluster of pressure domes on a red, wind-scoured plain
        Medbay|a white, humming ward that smells of antiseptic and ozone
        Shipyard|a skeletal orbital yard where half-built hulls drift under floodlights
        Reactor|the shielded heart of the habitat, warm, loud and strictly off-limits
        Hydroponics|long green decks of hanging gardens under violet grow-lamps
        Archive|a cold server vault where the colony keeps its memory
        Outpost|a prefab research station half-buried in blue ice
    """),
    rules=lines("""
        Faster-than-light travel exists only through the gates, and the charter owns every gate.
        Artificial minds above a certain threshold are property by law and persons by nobody's law.
        Air, water and power are metered; debt is inherited.
        Messages to the inner worlds take eleven years to arrive.
        Nobody goes outside the hull without a partner and a tether.
    """),
    faction_a=lines("""
        Helix
        Meridian
        Outer
        Charter
        Free
        Vantage
    """),
    faction_b=lines("""
        Consortium
        Union
        Authority
        Collective
        Directorate
        Syndicate
    """),
    conflicts=lines("""
        The {f1} wants the {obj} buried; the {f2} wants it sold; and out in {world}, something is answering it.
        When the {obj} wakes up, the {f1} and the {f2} must decide whether {world} is a frontier or a quarantine zone.
        The {f1} has been lying about the {obj} for a generation, and the {f2} is ready to break {world} apart to prove it.
    """),
    macguffins=lines("""
        alien signal
        black-box recorder
        prototype drive core
        colony manifest
        dormant AI kernel
        quarantine beacon
    """),
    occupations=lines("""
        salvage pilot
        xenolinguist
        station medic
        reactor engineer
        navigator
        security chief
        data archivist
        hydroponics tech
        corporate liaison
        drone wrangler
        comms officer
        exobiologist
    """),
    features=lines("""
        the viewport
        the maintenance hatch
        the console bank
        the airlock door
        the cargo racks
        the cramped galley
        the flickering status board
        the cryo pods
        the pressure door
        the observation rail
        the coolant pipes
        the docking clamp
        the holo-table
        the emergency locker
    """),
    objects=lines("""
        data slate
        sidearm
        pressure suit
        ration pack
        comms earpiece
        diagnostic wand
        oxygen canister
        access card
        mag-boot
        med-injector
        cutting torch
        memory core
        star chart
        repair drone
        radiation badge
        thermal blanket
        hull patch
        signal decoder
        coffee bulb
        field scanner
    """),
    adjectives=lines("""
        sterile
        humming
        cramped
        flickering
        frost-rimed
        weightless
        derelict
        pressurised
        dim
        ozone-sharp
        blinking
        silent
        overheated
        scuffed
    """),
    weather=lines("""
        the station groaned as it swung into the planet's shadow
        dust storms were scouring the dome from the west
        solar wind had the radiation alarms chirping every few minutes
        the gas giant filled half the sky, banded and bruised
        outside, the ice field glittered under a small white sun
        the recyclers had pushed the air up to an uncomfortable warmth
        a meteor shower was streaking silently past the viewports
        night cycle had dimmed the corridors to a dull amber
        condensation was beading on every cold surface
        the artificial gravity stuttered, just for a heartbeat
        the twin moons were rising over the red plain
        the hull ticked and popped as it cooled
    """),
    lights=lines("""
        the blue glow of the console
        the amber wash of the night cycle
        the hard white of the floodlights
        the red pulse of an alarm light
        the violet haze of the grow-lamps
        the cold starlight through the viewport
        the green scroll of the diagnostics
        the flicker of a failing panel
    """),
    sounds=lines("""
        the hum of the recyclers
        the distant clank of the docking clamps
        the hiss of a pressure seal
        the chirp of a proximity alert
        the whine of the reactor spinning up
        the tick of cooling metal
        the static of an open channel
        the soft chime of a door cycling
        the rattle of air through the vents
        the thrum of the engines
    """),
    smells=lines("""
        the smell of ozone
        the tang of recycled air
        the scent of hot solder
        the smell of burnt coffee
        the chemical bite of coolant
        the green smell of the hydroponics deck
        the stale smell of old pressure suits
        the antiseptic sharpness of the medbay
    """),
    feelings=lines("""
        the faint tug of the spin gravity
        a pressure headache behind the eyes
        the cold creeping through the suit's seals
        the strange lightness of low gravity
        the buzz of too many stims
        a prickle of static along the arms
    """),
    emotions=lines("""
        unease
        cautious hope
        loneliness
        awe
        a cold, clear anger
        exhaustion
        curiosity
        grief
        suspicion
        a fragile trust
    """),
    threats=lines("""
        the signal
        the corporate fixers
        the failing life support
        the thing in the lower decks
        the quarantine fleet
        the rogue intelligence
        the decaying orbit
        the boarding party
    """),
    goals=lines("""
        the source of the signal
        proof of the cover-up
        a working drive core
        a way off the station
        the truth about the lost crew
        the missing hours in the logs
        enough air to reach the relay
        the kill code for the rogue system
    """),
    thoughts=lines("""
        that the logs had been edited by someone who knew exactly what to hide
        that the signal was not random at all
        that they were very far from anyone who could help
        that the machine had been listening all along
        that every system on the station was lying a little
        that the numbers did not add up, and never had
        that the stars looked exactly the same whether anyone survived or not
        that the corporation had known from the start
    """),
    gestures=lines("""
        tapped a command into {X.his} wrist console
        checked {X.his} oxygen reading out of habit
        rubbed the seal mark on {X.his} neck
        pulled up the schematics
        braced a hand against the bulkhead
        squinted at the scrolling telemetry
        sealed {X.his} helmet with a hiss
        keyed the comm and listened to static
        ran a scan and frowned at the result
        hooked {X.his} boots into the floor loops
    """),
    tags=lines("""
        said
        said over the comm
        replied
        muttered
        said quietly
        reported
    """),
    lines=lines("""
        Telemetry says we have four hours of air, {L}; I say we have three.
        That is not a natural signal; nothing natural repeats like that.
        If the {obj} fails out here, nobody is coming for us.
        Run the diagnostics again; I want to see it twice.
        Someone scrubbed the logs from {place}; professionally.
        Do you ever think about how far away the sun is from here?
        The charter will call it an accident; they always do.
        I am not leaving anyone behind in {place}, {L}.
        What exactly did the survey team find down there?
        We are breathing borrowed air, all of us.
        Keep the channel open; if I stop talking, come and get me.
        The machine is not broken, {L}; it is choosing.
        Whatever {threat} wants, it wants it very badly.
        My contract says I can refuse a suicide run; this qualifies.
        The numbers are wrong; not a little wrong; impossible.
        How long until we lose orbit?
        You patched the {obj} with tape and prayer, and it held.
        I have seen what vacuum does to people; I am not doing that today.
        There is something past {feature}; something warm.
        Trust the math, {L}; the math does not panic.
    """),
    sentences=lines("""
        {A} pulled the telemetry for {place} onto the screen by {feature}, and the {obj} flagged {num} anomalies in a row.
        The recyclers coughed, and for a second {A} could taste {smell} through the {adj} air near {feature}.
        {B} keyed an override into the {obj}, and somewhere behind {feature} a bulkhead sealed with {sound}.
        A maintenance drone drifted past {feature}, its sensors lingering on the {obj} a little too long.
        {A} logged the time, the reading on the {obj} and the {adj} silence in {place}, because someone had to.
        Outside the hull, {weather}, and on {feature} the {obj} blinked a patient amber.
        {B} traced the fault along {feature} by {light}, muttering numbers, the {obj} clipped to {B.his} belt.
        The AI's voice came from {feature}, calm and {adj}, asking {A} to step away from the {obj}.
        A warning scrolled across {feature}, {adj} red text that {A} had learned to ignore, until it mentioned the {obj}.
        The station's voice announced the shift change in {place} as if {threat} were not a problem, and {sound} went on.
        {A} watched the numbers climb on the {obj} and did the arithmetic twice by {light}.
        Through the viewport the stars wheeled past, slow and indifferent, while {B} worked on the {obj} by {feature}.
        Every system in {place} reported nominal, which was how {A} knew the {obj} had been tampered with.
        {B} patched the {obj} into the main bus, and {light} across {feature} stuttered and held.
        Somewhere below {feature}, a pump cycled, paused, and cycled again, and {A} felt {feel}.
        {A} ran the signal through the {obj} and listened to it breathe under {sound}.
    """),
    deaths=lines("""
        The seal gave way without a sound. {D.full} died in the vacuum beyond {place}, reaching for the {obj} until the last.
        {W} kept talking on the open channel long after the readings flattened. {D.full} was dead, and the monitors of {place} said so in a steady green line.
        The reactor flared white. When the shielding cooled, {W} found {D.first} by {feature}. {D.full} died before the alarms stopped.
    """),
)


HORROR = GenreKit(
    key="horror",
    label="horror",
    tones=lines("""
        creeping and claustrophobic
        quiet dread that curdles into terror
        gothic, grieving and cold
        rural, sun-bleached and wrong
        intimate and unbearable
    """),
    themes=lines("""
        grief that will not stay buried
        the sins of a small town
        inheritance as a curse
        the thing you let in
        faith and its absence
        isolation and paranoia
        the hunger of old places
        guilt and confession
    """),
    title_nouns=lines("""
        Hollow
        Cellar
        Hymn
        Marrow
        Harvest
        Lantern
        Well
        Teeth
        Chapel
        Orchard
        Veil
        Quiet
        Hunger
        Dark
    """),
    title_adjs=lines("""
        Drowned
        Black
        Empty
        Rotten
        Silent
        Crooked
        Buried
        Pale
        Starving
        Winter
        Long
        Wicked
    """),
    heroes=lines("""
        a widowed schoolteacher
        a night-shift nurse
        a failed priest
        a teenage babysitter
        a grieving sister
        a county deputy
    """),
    stakes=lines("""
        before the thing in the house finishes what it started
        before the town's old bargain comes due again
        before the lake gives back what it has been keeping
        while the nights grow longer and the whispering grows closer
    """),
    world_a=lines("""
        Harrow
        Black
        Marrow
        Cinder
        Wren
        Mercy
        Gallow
        Dread
        Hollow
        Ash
    """),
    world_b=lines("""
        gate
        ford
        bury
        field
        wick
        ton
        moor
        dale
    """),
    world_joiner="",
    eras=lines("""
        the autumn of 1974
        the hard winter of 1893
        a drought summer in the present day
        the weeks after the mill closed for good
    """),
    summaries=lines("""
        {world} is a small town at the end of a long county road, where the church bells have not rung in years.
        {world} is a half-empty village on the edge of the marshes, where every family keeps one door locked.
        {world} is a faded lakeside town whose people smile too long and never swim after dark.
    """),
    place_stems=lines("""
        Hollow Pine
        Blackwater
        Marrowbone
        Gallows Hill
        Cinder Lane
        Mercy Creek
        Dead Oak
        Widow's Reach
        Bramblegate
        Coldwell
        Saint Jerome's
        Harrowfield
        Lantern Rock
        Stillwater
    """),
    place_kinds=lines("""
        Lodge|a hunting lodge with boarded windows and antlers mounted on every wall
        Chapel|a deconsecrated chapel whose pews still face the altar, waiting
        Asylum|a shuttered hospital of peeling green corridors and rusted bed frames
        Farmhouse|a sagging farmhouse where the clocks all stopped at the same minute
        Woods|a stand of black pines so thick that noon looks like dusk
        Lake|a flat grey lake that never quite freezes, even in the hardest winter
        Mill|a derelict textile mill, its looms silent, its floors stained dark
        Schoolhouse|a one-room schoolhouse where the children's drawings are still pinned up
        Cemetery|a hillside cemetery where some of the headstones have no names
        Motel|a roadside motel with eleven rooms and a vacancy sign that never switches off
        Cellar|a root cellar under the old parsonage, cold and smelling of earth
    """),
    rules=lines("""
        Whatever lives under the town can only come in if it is invited.
        The dead are buried facing away from the lake, and nobody asks why.
        Every thirty years, someone disappears, and the town agrees not to remember.
        Electric light keeps it back, but the power in town has never been reliable.
        Mirrors in the old houses are kept covered after sundown.
    """),
    faction_a=lines("""
        Founders'
        Parish
        Lakeside
        Harvest
        Vigil
        Quiet
    """),
    faction_b=lines("""
        Society
        Council
        Congregation
        League
        Circle
        Families
    """),
    conflicts=lines("""
        The {f1} keeps the town's old bargain; the {f2} wants to break it; and the {obj} is the only proof of what {world} promised.
        Something has woken beneath {world}, and the {f1} would rather feed it than admit what the {obj} really is.
        The {f1} and the {f2} have kept the peace in {world} for a century, and the {obj} is about to end it.
    """),
    macguffins=lines("""
        parish register
        music box
        photograph album
        family bible
        reel-to-reel tape
        bone charm
    """),
    occupations=lines("""
        schoolteacher
        night nurse
        priest
        babysitter
        deputy
        antiques dealer
        gravedigger
        librarian
        diner cook
        mechanic
        paranormal podcaster
        retired doctor
    """),
    features=lines("""
        the cellar door
        the covered mirror
        the end of the hallway
        the attic hatch
        the rain-streaked window
        the narrow staircase
        the kitchen sink
        the rocking chair
        the back porch
        the boarded-up fireplace
        the crib in the corner
        the wardrobe
        the treeline
        the flickering porch light
    """),
    objects=lines("""
        flashlight
        music box
        rosary
        polaroid
        kitchen knife
        child's doll
        old photograph
        candle
        hymnal
        tape recorder
        shotgun
        ring of keys
        locket
        diary
        lantern
        jar of salt
        crucifix
        rusted key
        radio
        matchbook
    """),
    adjectives=lines("""
        silent
        damp
        rotten
        cold
        wrong
        sunken
        shadowed
        peeling
        airless
        hollow
        mildewed
        still
        crooked
        listening
    """),
    weather=lines("""
        the rain had not let up for three days
        fog pressed against the windows like a face
        the wind moved through the pines with a sound like breathing
        a hard frost had turned the grass white and brittle
        the sky was the colour of an old bruise
        thunder rolled somewhere over the lake
        the heat lay heavy and still, and nothing sang
        dusk came early and stayed too long
        sleet ticked against the glass like fingernails
        the moon was a thin white scar
        a dry wind rattled the dead corn
        the power lines hummed in the damp air
    """),
    lights=lines("""
        the weak beam of the flashlight
        the yellow glow of a single bulb
        the grey light of the overcast afternoon
        the sputtering candlelight
        the blue flicker of the television
        the sick green of the exit sign
        the thin moonlight through the slats
        the orange glow of the porch lamp
    """),
    sounds=lines("""
        the creak of a floorboard upstairs
        a slow scratching inside the walls
        the tick of the grandfather clock
        a child humming somewhere out of sight
        the drip of a tap that had been turned off
        the groan of the old pipes
        a knock, three times, at the back door
        the hiss of the radio between stations
        something dragging across the attic floor
        the distant howl of a dog
    """),
    smells=lines("""
        the smell of damp earth
        the sweetish smell of rot
        the scent of old lilies
        the smell of wet fur
        the reek of stagnant water
        the smell of candle wax and dust
        the copper smell of blood
        the scent of mildewed paper
    """),
    feelings=lines("""
        the certainty of being watched
        a cold spot that raised every hair
        a crawling numbness in the fingertips
        the pressure of held breath
        a sick lurch in the stomach
        the cold sweat along the spine
    """),
    emotions=lines("""
        dread
        terror
        a numb sort of grief
        guilt
        desperate hope
        revulsion
        suspicion
        exhaustion
        shame
        a brittle courage
    """),
    threats=lines("""
        the thing in the cellar
        the whispering
        the shape at the treeline
        the hungry dark under the lake
        the voice on the tape
        the town's old bargain
        the pale children
        the thing wearing a familiar face
    """),
    goals=lines("""
        the truth about the drowning
        a way to keep the door shut
        the name written in the parish register
        a single safe night's sleep
        the missing pages of the diary
        the grave that no one will point to
        the end of the old bargain
        a way out of town before dark
    """),
    thoughts=lines("""
        that the house had been waiting for someone to come back
        that the whispering knew names it should not know
        that the town remembered more than it would ever say
        that locking the door had never really helped
        that grief could make a person open any door
        that something was keeping very careful count
        that the dark had a patience no person could match
        that whatever had happened here had not finished happening
    """),
    gestures=lines("""
        swept the flashlight across the corners
        checked the lock for the third time
        held {X.his} breath and listened
        wiped cold sweat from {X.his} lip
        clutched the crucifix until it bit into {X.his} palm
        backed slowly toward the door
        counted the windows again
        pressed an ear to the wall
        tightened {X.his} grip on the knife
        glanced over {X.his} shoulder
    """),
    tags=lines("""
        whispered
        breathed
        said
        said hoarsely
        muttered
        said too quickly
    """),
    lines=lines("""
        Tell me you heard that too, {L}.
        Don't open the cellar; whatever it says, don't open it.
        It knows my name; how does it know my name?
        My mother swore this house was empty when she bought it.
        We leave before dark, {L}, or we don't leave at all.
        There were five of us when we came into {place}.
        Just keep the light on me; please.
        It sounded like my brother; it sounded exactly like him.
        The old people in town won't even say the name of {place}.
        I'm not crazy, {L}; I know what I saw.
        Something has been moving the {obj} every night.
        Nobody comes back from the lake the same.
        You said it couldn't come inside unless we asked.
        Why are all the clocks stopped at the same time?
        If I start humming that song, you run.
        It's been watching us since we got here.
        Please tell me that was the wind.
        The town made a promise, {L}, and now it wants paying.
        Whatever you do, don't look in the mirror.
        I buried that {obj} myself; I buried it deep.
    """),
    sentences=lines("""
        The {obj} in {A}'s hand was warm, though it had been lying by {feature} in the {adj} cold since {time}.
        {B} laughed too loudly at nothing, and in the {adj} room by {feature} the laugh came back a second later.
        Something had been scratching at {feature} {time}; the marks were fresh, and they were on the inside.
        {A} held the {obj} up to {light} and saw, for just a moment, a face that was not {A.his} own.
        The whispering started again near {feature}, patient and {adj}, saying {B}'s name and then {A}'s.
        There were handprints on the glass by {feature}, small ones, and {A} had locked that window {time}.
        {A} stopped at the top of the stairs with the {obj}, because {sound} had stopped too, exactly when {A.he} did.
        The {obj} had been turned to face the wall, and {B} swore {B.he} had not touched it since {time}.
        The {obj} was not where {A} had left it, and no one else had been near {feature} since {time}.
        Behind {feature}, something shifted its weight and was still, and {sound} stopped with it.
        {A} told {A.self} {sound} was only the house settling, and did not believe it for a moment, not with the {obj} by {feature}.
        In {light}, the shadows around {feature} seemed deeper than the {adj} room allowed.
        {B}'s reflection in the dark window turned its head a moment after {B} did, and {A} felt {feel}.
        The silence in {place} had a texture, thick and {adj}, like wet wool pressed against {feature}.
        Someone had written {A}'s name in the dust on {feature}, in a child's careful hand, beside the {obj}.
        {A} counted the doors in the hallway by {light} and got {num}, a different number than before, with the {obj} still in {A.his} hand.
    """),
    deaths=lines("""
        The light went out. When it came back, {W} was alone with what was left, and {D.full} was dead on the floor of {place}.
        {W} screamed {D.first}'s name into the dark, but the dark kept what it took. {D.full} died there, by {feature}, with the {obj} still in {D.his} hand.
        It was quick, at least; {W} would cling to that later. {D.full} died without a sound, and the whispering in {place} stopped.
    """),
    dialogue=0.85,
)


THRILLER = GenreKit(
    key="thriller",
    label="thriller",
    tones=lines("""
        relentless and paranoid
        sleek, cold and fast
        tense, with a bleeding heart
        slow-burn menace
        high-stakes and ruthless
    """),
    themes=lines("""
        trust as a weapon
        the price of the truth
        loyalty to a broken institution
        surveillance and privacy
        revenge and its limits
        power that answers to no one
        the fog of deception
        redemption through risk
    """),
    title_nouns=lines("""
        Protocol
        Cipher
        Asset
        Dossier
        Directive
        Exchange
        Blackout
        Handler
        Ledger
        Safehouse
        Zero
        Proxy
        Kill Switch
        Shadow
    """),
    title_adjs=lines("""
        Dead
        Silent
        Burned
        Final
        Clean
        Blind
        Hidden
        Cold
        Red
        Last
        Double
        Deep
    """),
    heroes=lines("""
        a burned intelligence officer
        a forensic accountant
        an investigative reporter
        a former sniper
        a crisis negotiator
        a junior analyst
    """),
    stakes=lines("""
        before the ledger reaches the wrong buyer
        before the summit becomes a massacre
        before the agency finishes erasing every trace of the operation
        while the clock on the hostage deadline runs down
    """),
    world_a=lines("""
        Port
        New
        East
        North
        Saint
        Lake
        Fort
        Glen
    """),
    world_b=lines("""
        Calloway
        Harlow
        Severn
        Marais
        Kingsley
        Draven
        Ashcroft
        Veritas
    """),
    world_joiner=" ",
    eras=lines("""
        the present day, in the week before a presidential summit
        a wet November two years after the market crash
        the present day, during a record heatwave
        the final weeks of a contested election
    """),
    summaries=lines("""
        {world} is a harbour city of glass towers and old debts, where every second camera belongs to somebody's private army.
        {world} is a rain-soaked capital of embassies and back rooms, where the real decisions are made off the record.
        {world} is a booming financial city whose money is cleaner than its bankers.
    """),
    place_stems=lines("""
        Kingsway
        Harbor Point
        Eastgate
        Meridian
        Blackfriars
        Canal Street
        Westbrook
        Pier Nineteen
        Sterling
        Union
        Ironbridge
        Grand Central
        Lakeshore
        Monarch
    """),
    place_kinds=lines("""
        Tower|a glass office tower whose upper floors are leased to companies that do not exist
        Terminal|a ferry terminal of echoing concrete, CCTV and bad coffee
        Embassy|a walled embassy compound with polite guards and very good locks
        Safehouse|a bland rented flat with blackout curtains and three ways out
        Docks|a container port where cranes work all night under sodium lights
        Hotel|a grand old hotel whose bar is the city's unofficial intelligence exchange
        Exchange|the stock exchange floor, loud, bright and full of screens
        Garage|an underground parking garage, seven levels deep, with one working lift
        Station|a commuter rail station, packed at rush hour and empty by midnight
        Warehouse|a derelict warehouse by the river, recently and expensively rewired
        Precinct|a crowded police precinct where half the officers are on someone's payroll
    """),
    rules=lines("""
        Nobody in the service is ever fully off the books, and nobody is ever fully on them.
        The cameras see everything, but only if someone is paying to look.
        Money leaves a trail; people leave a bigger one.
        A burned agent gets no help, no name and no funeral.
        Every deal in this city has a second, quieter deal underneath it.
    """),
    faction_a=lines("""
        Northgate
        Aegis
        Cardinal
        Sentinel
        Halcyon
        Obsidian
    """),
    faction_b=lines("""
        Group
        Bureau
        Partners
        Division
        Holdings
        Network
    """),
    conflicts=lines("""
        The {f1} will kill to keep the {obj} buried, and the {f2} will burn {world} to the ground to dig it up.
        A leaked {obj} ties the {f1} to a massacre, and the {f2} is hunting everyone who has read it.
        Inside {world}, the {f1} and the {f2} are fighting a quiet war over the {obj}, and civilians keep dying in the crossfire.
    """),
    macguffins=lines("""
        encrypted drive
        offshore ledger
        hit list
        missile codes
        witness statement
        burner phone
    """),
    occupations=lines("""
        intelligence officer
        forensic accountant
        reporter
        sniper
        negotiator
        analyst
        private security contractor
        hacker
        detective
        diplomat
        fixer
        defence lawyer
    """),
    features=lines("""
        the fire exit
        the service elevator
        the tinted window
        the rooftop ledge
        the security desk
        the back booth
        the loading bay
        the stairwell door
        the bank of monitors
        the blacked-out van
        the parking ramp
        the corner office
        the revolving door
        the alley behind the building
    """),
    objects=lines("""
        burner phone
        pistol
        flash drive
        earpiece
        lanyard
        envelope of cash
        laptop
        passport
        key card
        sniper scope
        encrypted tablet
        wristwatch
        coffee cup
        folder of photographs
        lock pick
        silencer
        rental car key
        press badge
        bank statement
        radio
    """),
    adjectives=lines("""
        sterile
        crowded
        rain-slick
        anonymous
        glittering
        quiet
        humming
        floodlit
        airless
        expensive
        grimy
        watchful
        deserted
        tense
    """),
    weather=lines("""
        rain slicked the streets to black mirrors
        the city baked under a white, airless sky
        sirens drifted up from somewhere downtown
        a cold wind cut between the towers
        the morning traffic had already snarled the ring road
        sleet was turning to slush in the gutters
        the harbour fog had swallowed the top floors of every tower
        the streetlights buzzed orange against the low clouds
        a thunderstorm was building over the river
        the last commuters hurried under dripping umbrellas
        dawn came up grey and reluctant over the rail yards
        heat shimmered off the tarmac
    """),
    lights=lines("""
        the blue glow of the monitors
        the sodium glare of the streetlights
        the flat fluorescent light
        the strobe of a passing police car
        the grey light of early morning
        the red blink of a camera light
        the neon from the bar across the street
        the headlights sweeping the ceiling
    """),
    sounds=lines("""
        the buzz of a phone on silent
        the squeal of tyres two streets away
        the chatter of a police scanner
        the ping of the elevator
        the low roar of traffic
        the click of a safety catch
        the drone of a helicopter
        footsteps on the stairwell
        the hum of the server room
        a car door slamming in the garage
    """),
    smells=lines("""
        the smell of wet asphalt
        the smell of stale coffee
        the tang of gun oil
        the scent of expensive cologne
        the smell of cigarette smoke
        the smell of diesel
        the bleach smell of the hotel corridor
        the smell of rain on hot concrete
    """),
    feelings=lines("""
        the adrenaline ringing in the ears
        a tightness between the shoulder blades
        the weight of the gun against the ribs
        the crawl of being watched through glass
        a sleepless grit behind the eyes
        the quick hard pulse in the throat
    """),
    emotions=lines("""
        suspicion
        cold focus
        fear
        fury
        guilt
        grim resolve
        paranoia
        relief
        a reckless kind of hope
        betrayal
    """),
    threats=lines("""
        the cleaners
        the man in the grey coat
        the agency's own people
        the buyer's security team
        the surveillance net
        the sniper on the roof
        the leak inside the unit
        the deadline
    """),
    goals=lines("""
        the name of the mole
        the rest of the ledger
        proof that would survive a courtroom
        a clean way out of the city
        the location of the hostage
        the account numbers
        the person who signed the order
        one hour without being followed
    """),
    thoughts=lines("""
        that someone inside the unit had sold them out
        that the whole operation had been a setup from the start
        that every friendly face was a possible exit wound
        that the clock was running faster than anyone admitted
        that the truth would get someone killed either way
        that the cameras had been watching for weeks
        that trust was a luxury for people with time
        that the real target had never been the ledger
    """),
    gestures=lines("""
        checked the magazine and slid it home
        scanned the room for exits
        glanced at {X.his} watch
        thumbed the burner phone awake
        pulled {X.his} collar up against the rain
        kept {X.his} back to the wall
        memorised the faces at the bar
        killed the engine and waited
        wiped the phone clean of prints
        tapped {X.his} earpiece twice
    """),
    tags=lines("""
        said
        said flatly
        snapped
        said quietly
        muttered
        said into the earpiece
    """),
    lines=lines("""
        We have twelve minutes before they sweep {place}, {L}.
        Somebody in the unit is talking; I just don't know who yet.
        You don't get to walk away from this; none of us do.
        If the {obj} is real, they will kill everyone who has seen it.
        Who else knows you're here?
        Keep moving; never stop where there's a camera.
        I've buried agents for less than what you just did, {L}.
        They're not trying to arrest us anymore.
        Give me the {obj} and I'll give you a head start.
        Every exit out of {place} is watched; pick one anyway.
        Trust is a tactic, {L}; nothing more.
        This was never about the money.
        Where were you when the shooting started?
        They'll call it a suicide; that's how it works.
        Run the plates again; I want a name by morning.
        The deadline moved; we have until dawn.
        I can get you a passport, but not a new face.
        If anything happens to me, you go to the press with everything.
        They knew we were coming, {L}; they knew the hour.
        Stay on the line; I need to hear you breathing.
    """),
    sentences=lines("""
        {A} checked the {obj} for a tracker, found one the size of a grain of rice, and left it by {feature}.
        The text on the {obj} was {num} words long and unsigned, and {A} read it twice under {light}.
        {B} kept one eye on {feature} and one on the door, the {obj} never more than an arm's length away.
        Two men in identical coats crossed {place} {time}, and neither of them looked at {A}, which was the tell.
        {A} swapped the {obj} for an identical one in the crush by {feature} and walked on as {sound} began.
        The safehouse smelled of {smell}, and somebody had left the {obj} on {feature} in a hurry.
        {B} tapped out a message on the {obj}, deleted it, and typed it again while {sound} went on outside.
        {A} noted the exits in {place}, {num} of them, and the {adj} guard by {feature} who blocked the nearest.
        {A} counted the cameras in {place}: {num}, and one of them, above {feature}, was new.
        The {obj} buzzed against the table; {A} let it ring out by {feature} and watched who looked.
        A man at {feature} turned a page of his newspaper without reading it, and {A} felt {feel} as {sound} went on.
        {B} slid the {obj} across the table, face down, and did not take {B.his} hand off it while {sound} went on.
        Somewhere in {place} an alarm began, then stopped, which was worse, and {A} {gesture}.
        {A} took the long way round, doubling back past {feature} {time} to shake any tail.
        Rain streaked the {adj} glass by {feature}, and behind it the city glittered like a threat while {A} waited with the {obj}.
        {A} memorised the plates of every car on the ramp before getting out, the {obj} tucked out of sight.
    """),
    deaths=lines("""
        The shot came from {feature}. {D.full} died before {W} could reach {D.him}, on the floor of {place}, the {obj} still in {D.his} fist.
        {W} pressed both hands to the wound and said {D.first}'s name over and over. {D.full} was dead before the sirens reached {place}.
        There was no time to say anything that mattered. {D.full} died in {place}, and {W} took the {obj} and ran.
    """),
    dialogue=1.2,
)


MYSTERY = GenreKit(
    key="mystery",
    label="mystery",
    tones=lines("""
        wry, puzzling and cosy
        autumnal and quietly sinister
        clever, brisk and humane
        genteel on the surface, rotten beneath
        melancholy and observant
    """),
    themes=lines("""
        the secrets of respectable people
        justice versus the law
        appearances and what they hide
        old money and old grudges
        the loneliness of the one who sees
        truth and kindness at odds
        the past that will not stay past
        class and silence
    """),
    title_nouns=lines("""
        Vicarage
        Inheritance
        Alibi
        Portrait
        Locket
        Garden
        Will
        Letter
        Clock
        Key
        Tea
        Widow
        Weekend
        Witness
    """),
    title_adjs=lines("""
        Poisoned
        Missing
        Silent
        Crooked
        Last
        Stolen
        Unfinished
        Second
        Quiet
        Locked
        Borrowed
        Autumn
    """),
    heroes=lines("""
        a retired schoolmistress
        a young village constable
        a nosy bookseller
        a widowed vicar
        a lady novelist between books
        a former police surgeon
    """),
    stakes=lines("""
        before the killer strikes a second time
        before an innocent man hangs for the crime
        before the snowbound guests turn on each other
        before the will is read and the fortune changes hands
    """),
    world_a=lines("""
        Little
        Great
        Upper
        Nether
        King's
        Saint
    """),
    world_b=lines("""
        Wexham
        Dunmore
        Aldbury
        Pellingford
        Chalcott
        Marlow
        Fennick
        Harrowby
    """),
    world_joiner=" ",
    eras=lines("""
        the autumn of 1932
        a snowbound Christmas in 1951
        the long summer of 1926
        the spring after the war
    """),
    summaries=lines("""
        {world} is a sleepy English village of thatched cottages, a church fête and a great deal of gossip.
        {world} is a respectable market town where everybody knows everybody else's business, or believes they do.
        {world} is a cluster of manor houses and cottages around a green, where nothing has happened for years until now.
    """),
    place_stems=lines("""
        Hawthorne
        Fenwick
        Briarcliff
        Pemberley
        Ashdown
        Larkhill
        Mallory
        Thornbury
        Cobbleston
        Westerly
        Greystone
        Willoughby
        Kestrel
        Primrose
    """),
    place_kinds=lines("""
        Manor|a rambling Georgian house with too many staircases and a locked east wing
        Vicarage|a comfortable vicarage smelling of beeswax, with a study nobody is allowed into
        Inn|a low-beamed coaching inn with a crackling fire and a landlord who hears everything
        Tea Room|a chintzy tea room where the village's gossip is served with the scones
        Library|a private library of leather spines and one conspicuously empty shelf
        Churchyard|a mossy churchyard of leaning stones and one freshly turned grave
        Halt|a tiny railway halt where the last train leaves at a quarter past six
        Conservatory|a glass conservatory full of orchids, heat and poisonous lilies
        Boathouse|a damp boathouse at the end of the lake, its punt always tied a little wrong
        Cottage|a tidy rose-covered cottage with curtains that twitch whenever anyone passes
        Chemist|a village chemist's shop with a poisons register kept under the counter
    """),
    rules=lines("""
        In a village this small, everyone has a motive and nobody has an alibi.
        The police arrive late and leave early; the real detecting is done over tea.
        Servants see everything and are asked about nothing.
        A will can be changed until the very last breath.
        No one ever tells the whole truth on the first asking.
    """),
    faction_a=lines("""
        Women's
        Parish
        County
        Gardening
        Hunt
        Bridge
    """),
    faction_b=lines("""
        Institute
        Council
        Society
        Club
        Committee
        Circle
    """),
    conflicts=lines("""
        Someone in {world} has killed for the {obj}, and both the {f1} and the {f2} would prefer the matter quietly forgotten.
        The {obj} has gone missing on the night of a death, and the {f1} and the {f2} each have a reason to hide the truth.
        Behind the fêtes and flower shows of {world}, the {f1} and the {f2} share a secret, and the {obj} is the key to it.
    """),
    macguffins=lines("""
        missing will
        poison bottle
        torn letter
        pearl necklace
        railway timetable
        bloodstained glove
    """),
    occupations=lines("""
        retired schoolmistress
        village constable
        bookseller
        vicar
        novelist
        police surgeon
        housekeeper
        solicitor
        gardener
        chemist
        heiress
        colonel
    """),
    features=lines("""
        the mantelpiece
        the writing desk
        the french windows
        the grandfather clock
        the tea trolley
        the bay window
        the umbrella stand
        the gravel drive
        the rose beds
        the servants' stair
        the fireside armchair
        the hall table
        the garden gate
        the bookshelves
    """),
    objects=lines("""
        teacup
        fountain pen
        railway ticket
        silver candlestick
        monogrammed handkerchief
        bottle of sleeping draught
        magnifying glass
        calling card
        pocket watch
        pair of gloves
        letter opener
        photograph
        appointment diary
        cigarette case
        dog-eared notebook
        walking stick
        key on a ribbon
        bottle of sherry
        knitting bag
        pressed flower
    """),
    adjectives=lines("""
        genteel
        shabby
        hushed
        immaculate
        chilly
        cluttered
        elegant
        draughty
        sunlit
        musty
        respectable
        gloomy
        tidy
        overheated
    """),
    weather=lines("""
        a soft grey drizzle was falling on the green
        the first frost had blackened the dahlias overnight
        autumn leaves skittered along the gravel drive
        a thick fog had rolled up from the river
        the church clock struck four through the rain
        snow had cut the village off from the main road
        the afternoon was warm, drowsy and full of bees
        a blustery wind rattled the sash windows
        the evening light turned the old brick gold
        clouds were gathering over the downs
        the rain had stopped, leaving everything dripping
        a cold clear morning had silvered the lawns
    """),
    lights=lines("""
        the lamplight
        the firelight
        the watery afternoon sun
        the glow of the reading lamp
        the flicker of a single candle
        the pale light through the net curtains
        the chandelier's glitter
        the dusky light of the late afternoon
    """),
    sounds=lines("""
        the tick of the carriage clock
        the rattle of teacups
        the crunch of gravel under tyres
        the church bells across the green
        the murmur of voices in the next room
        a dog barking in the lane
        the creak of the garden gate
        the scratch of a pen
        the clink of the decanter
        the slam of a car door on the drive
    """),
    smells=lines("""
        the smell of furniture polish
        the scent of roses
        the smell of pipe tobacco
        the scent of lavender water
        the smell of burnt toast
        the damp smell of the cellar
        the bitter almond smell that should not have been there
        the scent of woodsmoke from the village
    """),
    feelings=lines("""
        the small cold click of a fact falling into place
        an itch of curiosity
        the discomfort of being too politely observed
        a flush of embarrassment
        the stiffness of a long night in a hard chair
        a flutter of unease
    """),
    emotions=lines("""
        curiosity
        suspicion
        pity
        indignation
        unease
        satisfaction
        embarrassment
        a prickly sort of pride
        sorrow
        doubt
    """),
    threats=lines("""
        the killer
        the village gossip
        the inspector's impatience
        the poisoner
        the blackmailer
        the scandal
        the person who had taken the key
        the second letter
    """),
    goals=lines("""
        the truth about the will
        the time of death
        the identity of the letter-writer
        the missing hour on the clock
        a motive that made sense
        proof of the alibi
        the name in the poisons register
        the owner of the glove
    """),
    thoughts=lines("""
        that the clock had been moved after the fact
        that everyone in the room was lying about something small
        that the obvious answer was far too obvious
        that the victim had known the killer well
        that the letter had been written by two different hands
        that nobody had mentioned the dog
        that the tea had gone cold before anyone drank it
        that respectable people made the most careful liars
    """),
    gestures=lines("""
        adjusted {X.his} spectacles
        jotted something in {X.his} notebook
        poured another cup of tea
        tapped the bowl of {X.his} pipe thoughtfully
        smoothed {X.his} skirt
        peered at the mantelpiece
        folded {X.his} hands
        raised an eyebrow
        stirred {X.his} tea without drinking it
        glanced at the clock
    """),
    tags=lines("""
        said
        remarked
        observed
        said mildly
        sniffed
        admitted
    """),
    lines=lines("""
        The clock in {place} was ten minutes fast, {L}; someone set it so.
        Nobody mentioned the dog; why did nobody mention the dog?
        People do not commit murder over nothing; they do it over something small.
        You were in the garden at half past nine; the gardener saw you.
        Have some more tea; it helps one think.
        I never cared for the colonel, but I did not kill him.
        The {obj} was moved, {L}; dust does not lie.
        Somebody in this village knows exactly what happened.
        Where were you on Thursday evening?
        It is always the quiet ones in the library books.
        I should like a look at the poisons register.
        She wrote to me the day before she died; I have the letter.
        The inspector has decided, and the inspector is wrong.
        One does not simply misplace a {obj}.
        There were two cups on the tray, {L}; only one was washed.
        I have lived here forty years; I know a lie when I hear one.
        If you are going to accuse someone, do it before dinner.
        Everybody in {place} had a reason; that is the trouble.
        Why would anyone burn a letter in July?
        You notice things, {L}; that can be dangerous.
    """),
    sentences=lines("""
        {A} examined the {obj} with a magnifying glass by {light}, and found a thread caught where no thread should be.
        {B} insisted on pouring the tea by {feature}, and {A} watched {B.his} hands rather than {B.his} face.
        The {obj} had been polished, though the rest of {place} had not seen a duster since {time}.
        {A} asked about the {obj} quite casually, and the {adj} silence by {feature} was its own answer.
        There were two sets of footprints in the flower bed below {feature} {time}, and only one of them came back toward the {obj}.
        {B} remembered the time exactly, {time}, which struck {A} as a very convenient thing to remember.
        The last page of the {obj} had been torn out with care, and the ink beneath showed through in {light}.
        {A} arranged the facts in a neat row, the {obj} at one end and {goal} at the other, and frowned at the gap.
        {A} made a small note about the {obj} and underlined it {num} times.
        The clock on {feature} said a quarter to five, which {A} knew was not quite true, and {B}, glancing at the {obj}, knew it too.
        {B} smiled in the way respectable people smile when they would like a subject closed, and glanced at the {obj}.
        There was a faint ring on {feature} where a glass had stood, and no glass anywhere in {place}.
        {A} let the silence in {place} stretch until {B} felt obliged to fill it, {gesture@B}, and began to talk.
        Somebody had dusted the {obj} on {feature} very recently, and very carefully.
        {A} noticed that {B}'s shoes were wet, though {B} claimed not to have left {place} {time}.
        In {place}, the gossip about the {obj} had reached the scones before {A} had finished {A.his} question.
    """),
    deaths=lines("""
        {W} found {D.first} in {place} a little after midnight. {D.full} was dead, the {obj} on the floor beside {D.him} and a faint smell of bitter almonds in the air.
        It happened between one stroke of the clock and the next. {D.full} died in {place}, and {W} understood at last that the killer was still among them.
        The doctor was sent for, but it was far too late. {D.full} died in the {adj} quiet of {place}, and the second letter was never posted.
    """),
    dialogue=1.25,
)


DRAMA = GenreKit(
    key="drama",
    label="drama",
    tones=lines("""
        intimate and unsentimental
        warm, aching and honest
        quiet, with sudden storms
        bittersweet and humane
        raw and restrained
    """),
    themes=lines("""
        family and the debts it keeps
        forgiveness that comes too late
        work, pride and failure
        leaving home and coming back
        illness and the people who stay
        class and ambition
        the stories families tell
        second chances
    """),
    title_nouns=lines("""
        House
        Harvest
        Season
        River
        Table
        Kitchen
        Inheritance
        Shore
        Reckoning
        Homecoming
        Fields
        Years
        Lights
        Distance
    """),
    title_adjs=lines("""
        Long
        Quiet
        Small
        Empty
        Borrowed
        Late
        Ordinary
        Open
        Last
        Steady
        Golden
        Unfinished
    """),
    heroes=lines("""
        a middle-aged nurse
        a failed musician
        a single father
        an eldest daughter
        a small-town mechanic
        a retired steelworker
    """),
    stakes=lines("""
        before the family farm is sold out from under them
        before a father's memory slips away entirely
        before old resentments tear the family apart for good
        while the town they love closes one shop at a time
    """),
    world_a=lines("""
        Harlan
        Maple
        Eastbrook
        Oakridge
        Riverside
        Millbrook
        Pine
        Clearwater
    """),
    world_b=lines("""
        County
        Falls
        Valley
        Junction
        Crossing
        Springs
        Hollow
        Bend
    """),
    world_joiner=" ",
    eras=lines("""
        the present day, over one hard year
        the summer of 1988
        the long decline of the 1990s
        the year the plant closed
    """),
    summaries=lines("""
        {world} is a working town on a slow brown river, where the plant used to be everything and now is nothing.
        {world} is a farming community of long roads and short tempers, where everyone remembers your father.
        {world} is a small coastal town that swells with tourists in summer and empties out like a held breath in winter.
    """),
    place_stems=lines("""
        Maple Street
        Riverside
        Harlan
        Saint Agnes
        Eastbrook
        Oakridge
        Millpond
        Willow Bend
        Cedar Row
        Lakeview
        Junction
        Old Mill
        Sunnyside
        Halfway
    """),
    place_kinds=lines("""
        Farm|a dairy farm with a leaking barn and a kitchen that is always warm
        Diner|a chrome-and-vinyl diner where the coffee is bad and the booths are full by six
        Hospital|a county hospital with a slow elevator and a family room that smells of vending machines
        House|a narrow two-storey family house with marks on the door frame for every birthday
        Bakery|a corner bakery that opens at five, its windows steamed up by dawn
        High School|a brick high school with a cracked running track and a trophy case from better years
        Church|a white clapboard church where half the town's weddings and funerals have happened
        Cannery|a shuttered fish cannery on the waterfront, padlocked and rusting
        Tavern|a dim corner bar with a jukebox, a dartboard and a bartender who keeps secrets
        Cemetery|a hillside cemetery overlooking the river, neat and windblown
        Garage|a family-run repair garage, smelling of oil, with a radio always playing
    """),
    rules=lines("""
        In this town, everybody knows your business and nobody says it to your face.
        The plant closed ten years ago and the town has been waiting ever since.
        Family comes first, even when family is the problem.
        Nobody here asks for help until it is far too late.
        Sunday dinner is not optional.
    """),
    faction_a=lines("""
        Town
        Family
        Church
        Union
        Farmers'
        Business
    """),
    faction_b=lines("""
        Council
        Trust
        Board
        Association
        Co-op
        League
    """),
    conflicts=lines("""
        The {f1} wants to sell, the {f2} wants to hold on, and the {obj} will decide what happens to {world}.
        Years of silence in {world} come due when the {obj} surfaces and the {f1} and the {f2} have to face what they did.
        The {f1} and the {f2} are fighting over the future of {world}, and one family is caught in the middle with the {obj}.
    """),
    macguffins=lines("""
        deed to the farm
        unsent letter
        diagnosis
        old home video
        father's will
        scholarship letter
    """),
    occupations=lines("""
        nurse
        musician
        mechanic
        steelworker
        teacher
        farmer
        waitress
        pastor
        lawyer
        bartender
        home carer
        estate agent
    """),
    features=lines("""
        the kitchen table
        the back step
        the screen door
        the hospital bed
        the front porch
        the window over the sink
        the hallway mirror
        the bottom of the garden
        the booth by the window
        the pickup's tailgate
        the old piano
        the family photographs
        the fridge covered in magnets
        the creaking stairs
    """),
    objects=lines("""
        coffee mug
        set of car keys
        letter
        photograph
        casserole dish
        wedding ring
        medicine bottle
        guitar
        phone
        baseball cap
        recipe card
        bank statement
        birthday card
        cigarette
        toolbox
        bouquet of supermarket flowers
        hospital bracelet
        dog lead
        pair of work boots
        shoebox of letters
    """),
    adjectives=lines("""
        quiet
        cluttered
        worn
        familiar
        empty
        warm
        shabby
        tidy
        sunlit
        cramped
        faded
        hushed
        crowded
        homely
    """),
    weather=lines("""
        the heat had settled over town like a heavy blanket
        a fine rain was falling on the parked cars
        the first snow of the year was melting on the road
        the wind off the river carried the smell of cut grass
        the afternoon had turned grey and muggy
        thunderheads stacked up over the fields
        the morning was clear and cold and very bright
        leaves were coming down all along the street
        the sky over the water was pink with evening
        a hard frost had whitened the windscreens
        spring rain drummed on the porch roof
        dusk was coming on slowly, blue and soft
    """),
    lights=lines("""
        the kitchen light
        the blue glow of the television
        the low sun through the blinds
        the fluorescent hum of the hospital corridor
        the porch light
        the glow of the jukebox
        the grey morning light
        the headlights of a passing truck
    """),
    sounds=lines("""
        the hum of the fridge
        the radio playing an old song
        the screen door banging
        the beep of a hospital monitor
        traffic on the wet road
        a dog barking two houses down
        children shouting in the street
        the kettle coming to the boil
        the scrape of a chair
        church bells on the hour
    """),
    smells=lines("""
        the smell of coffee
        the smell of fresh bread
        the smell of motor oil
        the smell of cut grass
        the smell of hospital soap
        the smell of rain on hot pavement
        the smell of frying onions
        the scent of somebody's perfume
    """),
    feelings=lines("""
        a tightness in the throat
        the ache of a long shift in the feet
        the heaviness of not enough sleep
        a sudden warmth behind the eyes
        the old knot in the stomach
        a tiredness that went all the way down
    """),
    emotions=lines("""
        resentment
        tenderness
        grief
        guilt
        exhaustion
        pride
        regret
        love
        a stubborn kind of hope
        embarrassment
    """),
    threats=lines("""
        the foreclosure notice
        the diagnosis
        the family silence
        the old argument
        the bank
        the bottle
        the deadline for the sale
        the secret about the accident
    """),
    goals=lines("""
        a way to keep the house
        one honest conversation
        forgiveness
        the money for the treatment
        a reason to stay
        the truth about the accident
        a fresh start
        the blessing nobody had ever given
    """),
    thoughts=lines("""
        that they had all been pretending for years
        that love and anger were often the same feeling wearing different coats
        that the house had heard every argument they ever had
        that there was never going to be a right time
        that their father would have known what to say
        that everyone in town already knew
        that you could miss a person while they were still in the room
        that leaving had never fixed anything
    """),
    gestures=lines("""
        wiped {X.his} hands on a dish towel
        rubbed {X.his} eyes
        stared into {X.his} coffee
        fiddled with the car keys
        leaned against the counter
        crossed {X.his} arms
        looked out of the window
        pressed {X.his} lips together
        pushed a hand through {X.his} hair
        set the mug down too hard
    """),
    tags=lines("""
        said
        said quietly
        said finally
        admitted
        sighed
        said, not looking up
    """),
    lines=lines("""
        You always do this, {L}; you always leave right when it matters.
        Dad would have hated this; you know he would.
        I'm not asking you to forgive me; I'm asking you to stay for dinner.
        We can't afford it; we haven't been able to afford it for years.
        Do you remember the summer we painted this porch?
        The doctor said weeks, {L}; maybe less.
        I kept every letter; I just never opened them.
        You don't get to come back and tell us how to live.
        I'm tired, {L}; I'm just so tired.
        Someone has to say it, so I will.
        Mom used to sing that song when she was washing up.
        We're family; that has to count for something.
        What was I supposed to do, walk away?
        You were the one who got out; don't pretend it was easy for us.
        I found the {obj} in the attic; I think you should see it.
        The bank called again this morning.
        It's not too late; it's never too late until it is.
        Sit down, {L}; please; just sit with me.
        I'm proud of you; I should have said it years ago.
        Nobody in {place} ever talks about it, but everybody knows.
    """),
    sentences=lines("""
        {A} found the {obj} in a drawer by {feature}, under years of receipts, and sat down hard on the edge of the bed.
        Somebody had pinned a school photograph above {feature}, and {A} looked at it by {light} longer than {A.he} meant to, the {obj} forgotten.
        {B} made coffee nobody wanted, because it gave {B.his} hands something to do while {sound} went on.
        The bills were stacked on {feature} in {light}, and the {obj} sat on top of them like a paperweight.
        {A} wanted to say something kind to {B} by {feature}, and said something about the {obj} instead.
        Half the town had come through {place} {time}, and every one of them had asked about the {obj}.
        {B} kept the radio on in {place}, low, so the silence by {feature} would not have the last word.
        {A} rinsed the same mug {num} times at the sink, watching {B} through the window by {light}.
        The {obj} sat on {feature} where it had always been, and {A} could not bring {A.self} to move it {time}.
        {B} laughed at something on the radio, and for a moment by {feature} it was like years ago in {place}.
        {A} did the sums again on the back of an envelope by {light}, the {obj} at {A.his} elbow, and got the same terrible answer.
        Neither of them mentioned the empty chair at {feature}, or the {obj} still hanging on it.
        {A} remembered {place} as bigger, brighter, louder; now, under {light}, it just looked tired.
        {B} had the same habit as their father, tapping {feature} when {B.he} was thinking about the {obj}.
        The casserole a neighbour had left by {feature} was still untouched {time}, like a question nobody in {place} would answer about the {obj}.
        {A} stood in the doorway of {place} and let the old {adj} feeling wash over {A.him} with {sound}.
    """),
    deaths=lines("""
        It happened early in the morning, the way the nurses had said it might. {D.full} died in {place} with {W} holding {D.his} hand, and the monitor went quiet.
        {W} sat with {D.first} through the long night. {D.full} died just before dawn, peacefully, and the {obj} stayed on the bedside table where {D.he} had left it.
        There was no drama to it in the end, only a breath and then no breath. {D.full} was dead, and {place} was very quiet.
    """),
    dialogue=1.35,
)


ROMANCE = GenreKit(
    key="romance",
    label="romance",
    tones=lines("""
        warm, witty and swoony
        slow-burn and tender
        sunlit with a stormy heart
        playful, then deeply felt
        yearning and luminous
    """),
    themes=lines("""
        learning to trust again
        home as a person, not a place
        ambition versus the heart
        second chances at first love
        the courage to be seen
        rivals becoming partners
        grief giving way to joy
        choosing yourself
    """),
    title_nouns=lines("""
        Summer
        Heart
        Harbor
        Vineyard
        Promise
        Kiss
        Season
        Letters
        Garden
        Waltz
        Moonlight
        Bookshop
        Sunrise
        Honey
    """),
    title_adjs=lines("""
        Sweet
        Golden
        Secret
        Little
        Unexpected
        Wild
        Perfect
        Midsummer
        Starlit
        Second
        Tender
        Lovely
    """),
    heroes=lines("""
        a burned-out city chef
        a bookshop owner with a broken heart
        a wedding planner who no longer believes in weddings
        a marine biologist
        a florist with one summer to save her shop
        a violinist between orchestras
    """),
    stakes=lines("""
        before the summer ends and a choice must be made between two lives
        before the developer buys the whole waterfront
        before old pride ruins the best thing that ever happened to them
        while the whole town watches and takes bets
    """),
    world_a=lines("""
        Seabright
        Rosemont
        Willow
        Amberly
        Larkspur
        Bellhaven
        Honeycomb
        Starling
    """),
    world_b=lines("""
        Bay
        Cove
        Harbor
        Island
        Valley
        Springs
        Shores
        Hills
    """),
    world_joiner=" ",
    eras=lines("""
        one golden summer in the present day
        the weeks between a wedding and a harvest
        a snowy holiday season
        a long Mediterranean spring
    """),
    summaries=lines("""
        {world} is a seaside town of painted cottages, a crooked lighthouse and a café where everyone knows how you take your coffee.
        {world} is a valley of vineyards and stone farmhouses, where every festival ends in dancing.
        {world} is a small harbour town where the ferry comes twice a day and the gossip travels faster than the tide.
    """),
    place_stems=lines("""
        Seabright
        Rosemont
        Willowbrook
        Amberly
        Larkspur
        Bellhaven
        Honeysuckle
        Starling
        Driftwood
        Moonstone
        Saffron
        Bluebell
        Marigold
        Sandpiper
    """),
    place_kinds=lines("""
        Vineyard|a hillside vineyard of old vines and a tasting room with a view of the sea
        Bookshop|a crooked little bookshop with a reading cat and a sofa nobody wants to leave
        Café|a seafront café with mismatched chairs and cinnamon buns that sell out by ten
        Harbor|a harbour of bobbing fishing boats, string lights and a bench with the best sunset
        Gardens|walled gardens with a rose arbour, a sundial and a gardener who sees everything
        Gallery|a whitewashed gallery full of seascapes and one painting that is not for sale
        Inn|a cosy clifftop inn with creaking floorboards and a fireplace in every room
        Orchard|an apple orchard on the edge of town, loud with bees in the afternoon
        Boardwalk|a long wooden boardwalk with an ice-cream stand and a carousel
        Ballroom|an old hotel ballroom with a chipped chandelier and a piano slightly out of tune
        Bakery|a tiny bakery on the square where the ovens are warm before dawn
    """),
    rules=lines("""
        In a town this small, there are no secrets, only things people are too polite to mention.
        The summer festival ends with a dance, and nobody leaves before the last song.
        Everyone has an opinion on your love life, and most of them are voiced.
        The ferry is the only way off the island after dark.
        What happens at the harvest party is discussed for a year.
    """),
    faction_a=lines("""
        Harbor
        Festival
        Garden
        Heritage
        Chamber
        Seaside
    """),
    faction_b=lines("""
        Committee
        Society
        Club
        Trust
        Guild
        Association
    """),
    conflicts=lines("""
        The {f1} wants to save the old town; the {f2} wants to sell it; and the {obj} might tip {world} one way or the other.
        When the {obj} turns up, two rivals have to work together, and the {f1} and the {f2} both think they can use them.
        The {f1} and the {f2} have feuded for decades, and the {obj} is about to make two people from opposite sides fall in love.
    """),
    macguffins=lines("""
        old love letter
        family recipe book
        deed to the café
        lost engagement ring
        festival trophy
        unsigned painting
    """),
    occupations=lines("""
        chef
        bookseller
        wedding planner
        marine biologist
        florist
        violinist
        architect
        winemaker
        baker
        ferry captain
        journalist
        carpenter
    """),
    features=lines("""
        the window seat
        the counter
        the end of the pier
        the rose arbour
        the fireplace
        the string lights
        the little table by the window
        the piano
        the garden bench
        the kitchen island
        the balcony
        the bookshelf by the door
        the dance floor
        the cliff path
    """),
    objects=lines("""
        coffee cup
        handwritten note
        bouquet of peonies
        paperback
        scarf
        bottle of wine
        sketchbook
        picnic basket
        camera
        umbrella
        jar of honey
        seashell
        dance card
        apron
        cinnamon bun
        bicycle
        photograph
        ring box
        letter
        pair of borrowed sunglasses
    """),
    adjectives=lines("""
        sun-warmed
        cosy
        golden
        breezy
        candlelit
        crowded
        charming
        salt-bright
        fragrant
        quiet
        lovely
        rose-scented
        sleepy
        glittering
    """),
    weather=lines("""
        the sun was setting in a blaze of pink and gold
        a warm breeze came in off the water
        a summer storm had just broken, leaving everything rinsed and shining
        the morning was soft and full of birdsong
        fat snowflakes were drifting past the lamplit windows
        the afternoon heat made everything slow and sweet
        the tide was out, and the sand shone like glass
        stars were coming out over the harbour
        a light rain was pattering on the awning
        the evening smelled of jasmine and sea salt
        the mist was lifting off the vineyard rows
        a golden haze hung over the orchard
    """),
    lights=lines("""
        the golden evening light
        the soft glow of the string lights
        the candlelight
        the first pale light of morning
        the glitter of the sun on the water
        the warm lamplight
        the moonlight on the waves
        the firelight
    """),
    sounds=lines("""
        the clink of glasses
        the cry of the gulls
        a violin somewhere down the street
        the hiss of the espresso machine
        waves lapping at the pier
        laughter from the next table
        the soft crackle of the fire
        the bell over the shop door
        a record playing something old and slow
        the wind in the vines
    """),
    smells=lines("""
        the smell of fresh coffee
        the scent of roses
        the smell of warm bread
        the scent of sea salt
        the smell of cinnamon
        the scent of someone's cologne
        the smell of rain on warm stone
        the scent of honeysuckle
    """),
    feelings=lines("""
        a flutter in the chest
        the warmth of a hand almost touching
        a blush climbing up the neck
        the giddy lightness of too little sleep and too much wine
        butterflies that refused to settle
        a quick breathless catch
    """),
    emotions=lines("""
        longing
        embarrassment
        delight
        nervous hope
        jealousy
        tenderness
        a giddy kind of joy
        regret
        warmth
        irritation that was not really irritation
    """),
    threats=lines("""
        the developer's offer
        the end of the summer
        the ex who came back
        the job in the city
        the family feud
        the old misunderstanding
        the town gossip
        the last ferry
    """),
    goals=lines("""
        one honest conversation
        a second chance
        the courage to say it out loud
        a reason to stay
        the missing page of the love letter
        a way to save the café
        the perfect first dance
        a clean slate
    """),
    thoughts=lines("""
        that falling for someone felt a lot like falling down a staircase
        that nobody had ever made staying feel this easy
        that a certain smile was going to be a serious problem
        that the whole town was clearly in on it
        that timing was the cruellest joke of all
        that pride was a very cold bed to sleep in
        that home might be a person after all
        that some risks were worth a broken heart
    """),
    gestures=lines("""
        tucked a strand of hair behind {X.his} ear
        bit back a smile
        tried very hard not to stare
        pushed up {X.his} sleeves
        fiddled with the edge of {X.his} scarf
        laughed despite {X.self}
        looked away first
        leaned a little closer
        smoothed down {X.his} shirt
        pretended to study the menu
    """),
    tags=lines("""
        said
        teased
        said softly
        laughed
        murmured
        admitted
    """),
    lines=lines("""
        You're impossible, {L}; you know that?
        I didn't come back for the town; I think you know why I came back.
        Dance with me; just one song.
        You have flour on your nose; no, the other side.
        I was going to leave at the end of the summer; I'm not sure anymore.
        I need to know if this is a date, {L}.
        You kept the {obj}; all these years, you kept it.
        Everyone in {place} is staring at us.
        I'm terrible at this, {L}; I've never been good at this.
        Stay; just for tonight, stay.
        You could have told me; I would have listened.
        I don't want a grand gesture; I want you to show up.
        Why does everything smell like cinnamon when you're around?
        We agreed this was a bad idea; I still think it's a bad idea.
        The whole town has a betting pool, {L}; on us.
        Tell me something true.
        I'm not afraid of falling; I'm afraid of landing.
        You looked happy just now; really happy.
        Meet me at {feature} at sunset.
        If you kiss me, I'm going to forget every reason this won't work.
    """),
    sentences=lines("""
        {B} handed {A} the {obj} with a grin, and {A} pretended that {A.his} heart had not done something ridiculous.
        The {obj} on {feature} had a note tucked under it in {B}'s looping hand, and {A} read it {num} times.
        {A} caught {B}'s reflection in the window by {feature}, smiling at nothing, and felt {feel}.
        Somebody in {place} had put on a slow song, and {B} held out a hand as {light} spilled across {feature}.
        {A} told {B} about {goal} over the {obj}, and {B} listened as if nothing else in {place} existed.
        {B} had saved {A} the last seat by {feature}, and the {obj} beside it was clearly a peace offering.
        The air by {feature} smelled of {smell}, and {A} would always remember it as the smell of that evening.
        {B} brushed a crumb from {A}'s sleeve by {feature}, and the whole of {place} seemed to go quiet.
        {A} caught {B} watching {A.him} across {place} and felt {A.his} face go warm in {light}.
        Their hands brushed over the {obj}, and neither of them pulled away quite fast enough, not even when {sound} startled them.
        {B} laughed, really laughed, and {A} decided it was the best sound in {place}, better even than {sound}.
        The whole of {place} seemed to lean in toward {feature} {time}, the way small towns do when something is about to happen to the {obj}.
        {A} had promised {A.self} not to fall for anyone this summer, and by {feature}, in {light}, that promise was looking shaky.
        {B} had rolled up {B.his} sleeves to fix the {obj}, which should not have been as distracting as it was.
        There was a {adj} sweetness to the evening by {feature} that {A} wanted to bottle and keep.
        {A} rehearsed what {A.he} would say {num} times and forgot all of it when {B} smiled.
    """),
    deaths=lines("""
        The call came just after dawn. {D.full} died in {place} in {D.his} sleep, peacefully, and {W} sat a long time by {feature} with the {obj} in {W.his} lap.
        {W} had known it was coming, but knowing did not help. {D.full} was dead, and {place} felt smaller without {D.him}.
        It was a quiet ending for such a loud and loving life. {D.full} died with {W} beside {D.him}, and the sea went on outside the window.
    """),
    dialogue=1.4,
)


HYBRID = GenreKit(
    key="hybrid",
    label="genre-blending speculative fiction",
    tones=lines("""
        strange, mythic and electric
        dreamlike with a hard edge
        playful, uncanny and sincere
        baroque and propulsive
        haunted, luminous and odd
    """),
    themes=lines("""
        old gods in new machines
        the stories that make worlds
        identity across many lives
        faith and technology
        the border between dream and data
        exile and belonging
        what survives an ending
        the many masks of power
    """),
    title_nouns=lines("""
        Engine
        Oracle
        Reliquary
        Mirror
        Saint
        Signal
        Labyrinth
        Comet
        Glass
        Clockwork
        Hymn
        Paradox
        Atlas
        Chimera
    """),
    title_adjs=lines("""
        Ninefold
        Electric
        Hollow
        Gilded
        Drowned
        Infinite
        Shattered
        Luminous
        Sleeping
        Brass
        Feral
        Velvet
    """),
    heroes=lines("""
        a cartographer of dreams
        a runaway clockwork saint
        a smuggler who hears the dead through radio static
        a librarian of forbidden futures
        a desert courier with a borrowed heart
        a circus knife-thrower who can fold space
    """),
    stakes=lines("""
        before the oracle-engine rewrites the world's last prophecy
        before the two realities grind each other into dust
        before the sleeping god under the city finishes its dream
        while the comet that brings every age to an end draws closer
    """),
    world_a=lines("""
        Ninefold
        Aether
        Glasswind
        Starfall
        Rustmoor
        Oracle
        Velvet
        Cinder
    """),
    world_b=lines("""
        Meridian
        Labyrinth
        Reach
        Dominion
        Tapestry
        Confluence
        Spiral
        Archipelago
    """),
    world_joiner=" ",
    eras=lines("""
        the hundred-and-third turning of the comet
        the age after the gods were automated
        the year both moons rose together
        the last era of the clockwork saints
    """),
    summaries=lines("""
        {world} is a patchwork realm where steam trains run between floating temples and the dead leave voicemails.
        {world} is a desert of glass and radio towers, ruled by oracles that are part priest and part machine.
        {world} is an archipelago of cities stitched from different centuries, each with its own physics and its own gods.
    """),
    place_stems=lines("""
        Ninefold
        Glasswind
        Starfall
        Rustmoor
        Velvet
        Copperwing
        Moonwire
        Saltglass
        Emberline
        Quietfield
        Halo
        Lodestar
        Paradox
        Carnival
    """),
    place_kinds=lines("""
        Spire|a needle of brass and stained glass where the oracles compute the weather of fate
        Temple|an engine-temple where priests oil the gears of a sleeping god
        Reliquary|a vault of saints' bones wired into humming copper coils
        Skyport|a floating dock of airships, kites and smugglers tethered to the clouds
        Garden|a garden of radio antennae that bloom with voices at night
        Flats|a white salt desert where mirages sometimes stay and set up shop
        Archive|a labyrinth of drawers holding every possible future, most of them mislabelled
        Bazaar|a night market selling memories by the ounce and luck by the yard
        Carousel|an abandoned carnival whose carousel still turns when the comet is near
        Observatory|a clockwork observatory aimed at a star that is not in any sky
        Station|a rail junction where trains arrive from centuries that no longer exist
    """),
    rules=lines("""
        Every machine has a soul, and every soul can be bargained with.
        Prophecy is a public utility, and the oracles charge by the word.
        The comet returns every hundred years and resets one law of nature.
        The dead can speak through static, but only if someone is listening.
        Crossing between districts means crossing between realities; bring a coin for each.
    """),
    faction_a=lines("""
        Brass
        Glass
        Comet
        Velvet
        Static
        Ninth
    """),
    faction_b=lines("""
        Choir
        Concord
        Syndicate
        Order
        Carnival
        Parliament
    """),
    conflicts=lines("""
        The {f1} wants the {obj} to wake the god beneath {world}; the {f2} wants it destroyed before anyone can dream again.
        With the comet returning, the {f1} and the {f2} race for the {obj}, which can rewrite one law of {world} forever.
        The {obj} has begun speaking in every voice at once, and the {f1} and the {f2} are tearing {world} apart to own its words.
    """),
    macguffins=lines("""
        oracle-engine heart
        clockwork relic
        comet shard
        dream atlas
        saint's radio
        glass prophecy
    """),
    occupations=lines("""
        dream cartographer
        clockwork saint
        static-smuggler
        librarian of futures
        courier
        knife-thrower
        oracle-mechanic
        airship pilot
        memory dealer
        mirror-priest
        circus ringmaster
        tinker-witch
    """),
    features=lines("""
        the brass gears
        the stained-glass window
        the humming coil
        the radio altar
        the floating stair
        the mirror wall
        the clockwork door
        the antenna field
        the drawer marked with tomorrow's date
        the carousel horses
        the copper railing
        the oracle's booth
        the smoke-filled arcade
        the tethered airship
    """),
    objects=lines("""
        brass locket
        tuning fork
        comet shard
        radio set
        clockwork bird
        deck of prophecy cards
        glass eye
        copper wire
        dream jar
        silver oil can
        folded map of tomorrow
        saint's finger bone
        music box
        pocket sundial
        lantern of captured static
        tin mask
        key that hums
        spool of red thread
        mirror shard
        ticket stub
    """),
    adjectives=lines("""
        humming
        gilded
        uncanny
        rust-red
        shimmering
        mechanical
        dreamlike
        electric
        tarnished
        luminous
        half-real
        ticking
        velvet-dark
        prismatic
    """),
    weather=lines("""
        the comet hung over the skyline like a second moon
        it was raining upward again near the old temple
        static crackled through the air and made every hair stand up
        a warm wind blew in from a century nobody remembered
        the clouds were tethered low, creaking against their moorings
        the sky had turned the colour of old brass
        glass snow was falling, tinkling on the rooftops
        the two moons rose together, throwing double shadows
        fog rolled through smelling faintly of machine oil and incense
        the stars were ticking, audibly, like a cooling engine
        lightning walked slowly across the salt flats
        the weather oracles had forecast a light drizzle of omens
    """),
    lights=lines("""
        the shifting light of the stained glass
        the green glow of the comet
        the flicker of captured static
        the brass gleam of the gears
        the candlelight of the engine-priests
        the pearly light of a half-real dawn
        the pulse of the radio valves
        the double shadows of the moons
    """),
    sounds=lines("""
        the tick of a thousand clocks
        a choir singing through radio static
        the hiss of steam from the temple vents
        the creak of tethered clouds
        the whir of clockwork wings
        the distant calliope of the carnival
        a voice whispering numbers in the walls
        the groan of the sleeping god
        the hum of the oracle-engine
        bells ringing in the wrong order
    """),
    smells=lines("""
        the smell of machine oil and incense
        the scent of ozone and roses
        the smell of hot brass
        the scent of old paper and lightning
        the smell of candle smoke
        the salt smell of the glass desert
        the scent of burnt sugar from the bazaar
        the metallic smell of prophecy
    """),
    feelings=lines("""
        a ticking behind the breastbone
        the dizzy sense of two realities overlapping
        a static tingle in the fingertips
        the déjà vu of a life half-remembered
        the pull of the comet on the blood
        a weightlessness, as if gravity had stepped out
    """),
    emotions=lines("""
        wonder
        unease
        reckless hope
        grief
        awe
        suspicion
        delight
        a homesickness for places that never existed
        defiance
        dread
    """),
    threats=lines("""
        the returning comet
        the oracle's hunters
        the sleeping god
        the glass choir
        the unravelling of the districts
        the machine saints
        the static ghosts
        the prophecy that writes itself
    """),
    goals=lines("""
        the god's true name
        the missing gear of the oracle-engine
        a door back to the right century
        the last unwritten prophecy
        the map of tomorrow's streets
        a cure for the clockwork heart
        the voice in the static
        a way to stop the comet's reset
    """),
    thoughts=lines("""
        that the prophecy had been written about them long before they were born
        that the city was dreaming and they were part of the dream
        that every machine in the temple was listening
        that two versions of the same day were happening at once
        that the comet did not care who was ready
        that the gods had been automated but never tamed
        that the static voices were getting clearer
        that some futures were better left in their drawers
    """),
    gestures=lines("""
        wound the key in {X.his} chest
        tuned the radio to a dead frequency
        shuffled the prophecy cards
        tapped the brass locket twice
        flexed {X.his} clockwork fingers
        squinted at the double shadows
        whistled to the clockwork bird
        adjusted {X.his} tin mask
        rolled the comet shard across {X.his} knuckles
        listened to the static with {X.his} eyes closed
    """),
    tags=lines("""
        said
        hummed
        said, half to the static
        whispered
        declared
        murmured
    """),
    lines=lines("""
        The oracle said we'd meet here, {L}; I hate it when the oracle is right.
        Is this the real {place}, or one of the copies?
        Don't trust anything that ticks; including me.
        The comet is early; comets are never early.
        If the god wakes up, we'll all be part of its first thought.
        The dead are talking again, {L}; listen.
        I've seen this moment before, in a drawer marked tomorrow.
        The {obj} is singing; why is it singing?
        We need a coin for every border we cross tonight.
        Prophecy is just gossip with a better budget.
        You have two shadows, {L}; since when do you have two shadows?
        Whatever {threat} wants, it wants it yesterday.
        The machines chose you; I'm only the messenger.
        My heart is clockwork; it still breaks.
        Wind the key, {L}; we don't have much time left.
        There is a door behind {feature} that leads to last Tuesday.
        Nobody owns the future; they just rent it.
        The static said your name before you walked in.
        I can fold the distance, but I can't fold the cost.
        When the bells ring backwards, run.
    """),
    sentences=lines("""
        {A} tuned the {obj} to the dead frequency, and a saint's voice by {feature} recited tomorrow's weather.
        The districts of {place} overlapped for a heartbeat, and {B} stood in two centuries at once beside {feature}.
        A clockwork bird landed on {feature}, cocked its brass head at the {obj}, and sang {num} wrong notes.
        {A} paid the border toll by {feature} with a coin and a memory, and the {obj} grew lighter for it.
        The oracle-engine hummed behind {feature}, and the {obj} in {A}'s hand hummed back, {adj} and eager.
        {B} shuffled the prophecy cards by {light}, turned up the {obj}, and refused to say what it meant.
        In {place}, the shadows ran {num} minutes late, and {A} had learned to step around them by {feature}.
        The static under {sound} carried a voice {A} knew, asking about the {obj} from very far away.
        The gears of {place} shifted with a sound like a great animal turning in its sleep, and the {obj} answered.
        {A} felt the comet's pull in {A.his} blood, stronger near {feature}, stronger still by {light}.
        For a moment there were two of {B}, a half-second apart by {feature}, both holding the {obj}, and then only one.
        The {obj} ticked in {A}'s pocket, counting down to something {A.he} could not name, while {sound} went on.
        Static voices drifted out of {feature}, murmuring prophecies about the {obj} in {adj} chorus.
        {B} bargained with the door by {feature} in its own language, and the door, grudgingly, opened onto {light}.
        In {place}, {light} arrived a moment before the things it lit, and {sound} arrived a moment after {A} did.
        {A} checked the map of tomorrow by {light} and found {feature} had moved again.
    """),
    deaths=lines("""
        The comet's light fell full on {place}, and when it passed, {W} was holding only the {obj}. {D.full} was dead, and the clocks of {place} all stopped together.
        The god turned in its sleep, and the floor of {place} opened. {D.full} died in that shining fall, and {W} heard {D.his} voice once more in the static, saying goodbye.
        {D.first}'s clockwork heart gave one last tick. {D.full} died in {W}'s arms beside {feature}, and the oracle wrote it down.
    """),
)


KITS: dict[str, GenreKit] = {
    kit.key: kit
    for kit in (FANTASY, SCIFI, HORROR, THRILLER, MYSTERY, DRAMA, ROMANCE, HYBRID)
}


def kit_for(genre: object) -> GenreKit:
    """The kit for a genre value; unknown genres get the blended kit rather than an error."""
    return KITS.get(str(genre).lower(), HYBRID)
